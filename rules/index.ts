/**
 * The explicit registry of every rule, sorted by code: the order rules run and are listed. A new rule
 * is one import and one entry here (the meta-tests check that every rule file is registered, in order).
 */
import type { Rule } from './engine/types.js';
import noPrivileged from './compose/no-privileged.js';
import noRuntimeSocketMount from './compose/no-runtime-socket-mount.js';
import requireNoNewPrivileges from './compose/require-no-new-privileges.js';
import requireCapDropAll from './compose/require-cap-drop-all.js';
import noDangerousCapAdd from './compose/no-dangerous-cap-add.js';
import noHostReachingCapAdd from './compose/no-host-reaching-cap-add.js';
import noBoundedCapAdd from './compose/no-bounded-cap-add.js';
import noRootServiceUser from './compose/no-root-service-user.js';
import noUnconfinedSecurityOpt from './compose/no-unconfined-security-opt.js';
import noInsecureBuild from './compose/no-insecure-build.js';
import noBroadDeviceCgroupRule from './compose/no-broad-device-cgroup-rule.js';
import noHostCgroupns from './compose/no-host-cgroupns.js';
import noHostSysctl from './compose/no-host-sysctl.js';
import noHostNetwork from './compose/no-host-network.js';
import noHostPid from './compose/no-host-pid.js';
import noHostIpc from './compose/no-host-ipc.js';
import noHostUts from './compose/no-host-uts.js';
import noHostUserns from './compose/no-host-userns.js';
import noWritableSensitiveMount from './compose/no-writable-sensitive-mount.js';
import noSharedMountPropagation from './compose/no-shared-mount-propagation.js';
import noSharedHostMount from './compose/no-shared-host-mount.js';
import noHostBlockDevice from './compose/no-host-block-device.js';
import noExecTmpfs from './compose/no-exec-tmpfs.js';
import requireReadOnlyRoot from './compose/require-read-only-root.js';
import noCredentialDirMount from './compose/no-credential-dir-mount.js';
import noSensitiveHostMount from './compose/no-sensitive-host-mount.js';
import noUnboundPorts from './compose/no-unbound-ports.js';
import noPublicAdminPorts from './compose/no-public-admin-ports.js';
import noPrivilegedHostPorts from './compose/no-privileged-host-ports.js';
import requireExplicitNetworks from './compose/require-explicit-networks.js';
import requireMemoryLimit from './compose/require-memory-limit.js';
import requireCpuLimit from './compose/require-cpu-limit.js';
import requirePidsLimit from './compose/require-pids-limit.js';
import boundedRestartPolicy from './compose/bounded-restart-policy.js';
import noCgroupParent from './compose/no-cgroup-parent.js';
import requireUlimits from './compose/require-ulimits.js';
import noLoggingNone from './compose/no-logging-none.js';
import noOomKillDisable from './compose/no-oom-kill-disable.js';
import requireHealthcheck from './compose/require-healthcheck.js';
import noMutableImageTag from './compose/no-mutable-image-tag.js';
import noSecretInEnvironment from './compose/no-secret-in-environment.js';
import noCredentialsInUrl from './compose/no-credentials-in-url.js';
import noHardcodedToken from './compose/no-hardcoded-token.js';
import noSecretInBuildArgs from './compose/no-secret-in-build-args.js';
import requireImageDigest from './compose/require-image-digest.js';
import buildRunsAsRoot from './compose/build-runs-as-root.js';
import buildWithoutHealthcheck from './compose/build-without-healthcheck.js';
import envFileSecretsExposed from './compose/env-file-secrets-exposed.js';
import noRootUser from './dockerfile/no-root-user.js';
import noSecretInArgEnv from './dockerfile/no-secret-in-arg-env.js';
import noLatestTag from './dockerfile/no-latest-tag.js';
import preferNumericUser from './dockerfile/prefer-numeric-user.js';
import noSudo from './dockerfile/no-sudo.js';
import noPasswordInImage from './dockerfile/no-password-in-image.js';
import noSetuidBits from './dockerfile/no-setuid-bits.js';
import noChownToRuntimeUser from './dockerfile/no-chown-to-runtime-user.js';
import noSudoPackage from './dockerfile/no-sudo-package.js';
import noSshServer from './dockerfile/no-ssh-server.js';
import noWorldWritable from './dockerfile/no-world-writable.js';
import noInsecureBuildEntitlement from './dockerfile/no-insecure-build-entitlement.js';
import pinOsPackages from './dockerfile/pin-os-packages.js';
import pinLanguagePackages from './dockerfile/pin-language-packages.js';
import aptNoInstallRecommends from './dockerfile/apt-no-install-recommends.js';
import noPackageSignatureBypass from './dockerfile/no-package-signature-bypass.js';
import noLonePackageUpdate from './dockerfile/no-lone-package-update.js';
import noRiskyPackageIndex from './dockerfile/no-risky-package-index.js';
import noCurlWgetInsecure from './dockerfile/no-curl-wget-insecure.js';
import noPackageTlsBypass from './dockerfile/no-package-tls-bypass.js';
import noTlsBypassEnv from './dockerfile/no-tls-bypass-env.js';
import noGitSshTrustBypass from './dockerfile/no-git-ssh-trust-bypass.js';
import preferCopyToAdd from './dockerfile/prefer-copy-to-add.js';
import noUnpinnedRemoteAdd from './dockerfile/no-unpinned-remote-add.js';
import noRemoteScriptExec from './dockerfile/no-remote-script-exec.js';
import noPlainHttpDownload from './dockerfile/no-plain-http-download.js';
import requireDownloadVerification from './dockerfile/require-download-verification.js';
import requirePipefail from './dockerfile/require-pipefail.js';
import noHardcodedSecret from './dockerfile/no-hardcoded-secret.js';
import noUnmountedCliLogin from './dockerfile/no-unmounted-cli-login.js';
import noCopiedCredentialFile from './dockerfile/no-copied-credential-file.js';
import noSecretFileCopy from './dockerfile/no-secret-file-copy.js';
import noSecretRemovedLater from './dockerfile/no-secret-removed-later.js';
import noPersistedBuildSecret from './dockerfile/no-persisted-build-secret.js';
import noCredentialsInRun from './dockerfile/no-credentials-in-run.js';
import noCopyIgnoredFile from './dockerfile/no-copy-ignored-file.js';
import noGitDirInImage from './dockerfile/no-git-dir-in-image.js';
import noUntrustedRegistry from './dockerfile/no-untrusted-registry.js';
import noUndefinedArgInFrom from './dockerfile/no-undefined-arg-in-from.js';
import noEolBaseImage from './dockerfile/no-eol-base-image.js';
import noExposeSsh from './dockerfile/no-expose-ssh.js';
import noAdminCommandsInRun from './dockerfile/no-admin-commands-in-run.js';
import noExposeHostMapping from './dockerfile/no-expose-host-mapping.js';
import requireHealthcheckInstruction from './dockerfile/require-healthcheck-instruction.js';
import noShellFormCmd from './dockerfile/no-shell-form-cmd.js';
import noSocketVolume from './dockerfile/no-socket-volume.js';
import noBuildToolsInFinalStage from './dockerfile/no-build-tools-in-final-stage.js';
import noWorkdirInSystemDir from './dockerfile/no-workdir-in-system-dir.js';
import noCopyWholeFilesystem from './dockerfile/no-copy-whole-filesystem.js';
import requireBaseImageDigest from './dockerfile/require-base-image-digest.js';
import unignoredSecretsInContext from './dockerfile/unignored-secrets-in-context.js';

export const allRules: readonly Rule[] = [
  noPrivileged, // DC001
  noRuntimeSocketMount, // DC002
  requireNoNewPrivileges, // DC003
  requireCapDropAll, // DC010
  noDangerousCapAdd, // DC011
  noHostReachingCapAdd, // DC012
  noBoundedCapAdd, // DC013
  noRootServiceUser, // DC014
  noUnconfinedSecurityOpt, // DC015
  noInsecureBuild, // DC016
  noBroadDeviceCgroupRule, // DC017
  noHostCgroupns, // DC018
  noHostSysctl, // DC019
  noHostNetwork, // DC020
  noHostPid, // DC021
  noHostIpc, // DC022
  noHostUts, // DC023
  noHostUserns, // DC024
  noWritableSensitiveMount, // DC025
  noSharedMountPropagation, // DC026
  noSharedHostMount, // DC027
  noHostBlockDevice, // DC028
  noExecTmpfs, // DC029
  requireReadOnlyRoot, // DC030
  noCredentialDirMount, // DC031
  noSensitiveHostMount, // DC032
  noUnboundPorts, // DC040
  noPublicAdminPorts, // DC041
  noPrivilegedHostPorts, // DC042
  requireExplicitNetworks, // DC043
  requireMemoryLimit, // DC044
  requireCpuLimit, // DC045
  requirePidsLimit, // DC046
  boundedRestartPolicy, // DC047
  noCgroupParent, // DC048
  requireUlimits, // DC049
  noLoggingNone, // DC050
  noOomKillDisable, // DC051
  requireHealthcheck, // DC052
  noMutableImageTag, // DC053
  noSecretInEnvironment, // DC054
  noCredentialsInUrl, // DC055
  noHardcodedToken, // DC056
  noSecretInBuildArgs, // DC057
  requireImageDigest, // DC070
  buildRunsAsRoot, // DC080
  buildWithoutHealthcheck, // DC081
  envFileSecretsExposed, // DC082
  noRootUser, // DF001
  noSecretInArgEnv, // DF002
  noLatestTag, // DF003
  preferNumericUser, // DF010
  noSudo, // DF011
  noPasswordInImage, // DF012
  noSetuidBits, // DF013
  noChownToRuntimeUser, // DF014
  noSudoPackage, // DF015
  noSshServer, // DF016
  noWorldWritable, // DF017
  noInsecureBuildEntitlement, // DF018
  pinOsPackages, // DF019
  pinLanguagePackages, // DF020
  aptNoInstallRecommends, // DF021
  noPackageSignatureBypass, // DF022
  noLonePackageUpdate, // DF023
  noRiskyPackageIndex, // DF024
  noCurlWgetInsecure, // DF025
  noPackageTlsBypass, // DF026
  noTlsBypassEnv, // DF027
  noGitSshTrustBypass, // DF028
  preferCopyToAdd, // DF030
  noUnpinnedRemoteAdd, // DF031
  noRemoteScriptExec, // DF032
  noPlainHttpDownload, // DF033
  requireDownloadVerification, // DF034
  requirePipefail, // DF035
  noHardcodedSecret, // DF036
  noUnmountedCliLogin, // DF037
  noCopiedCredentialFile, // DF038
  noSecretFileCopy, // DF039
  noSecretRemovedLater, // DF040
  noPersistedBuildSecret, // DF041
  noCredentialsInRun, // DF042
  noCopyIgnoredFile, // DF043
  noGitDirInImage, // DF044
  noUntrustedRegistry, // DF050
  noUndefinedArgInFrom, // DF051
  noEolBaseImage, // DF052
  noExposeSsh, // DF053
  noAdminCommandsInRun, // DF054
  noExposeHostMapping, // DF055
  requireHealthcheckInstruction, // DF056
  noShellFormCmd, // DF057
  noSocketVolume, // DF058
  noBuildToolsInFinalStage, // DF059
  noWorkdirInSystemDir, // DF060
  noCopyWholeFilesystem, // DF061
  requireBaseImageDigest, // DF070
  unignoredSecretsInContext, // DF080
];
