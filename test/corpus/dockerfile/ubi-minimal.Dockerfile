# A service on Red Hat UBI minimal: microdnf with signature checks on, arbitrary-UID friendly.
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4-1134

RUN microdnf install -y --nodocs --setopt=install_weak_deps=0 \
        shadow-utils-4.9-8.el9 \
        tar-1.34-6.el9_4 \
    && microdnf clean all \
    && useradd --system --uid 1001 --gid 0 --home-dir /opt/app --shell /sbin/nologin app

WORKDIR /opt/app
COPY --chown=1001:0 config/ /opt/app/config/
COPY bin/app /opt/app/bin/app
# OpenShift runs images with a random UID in group 0: give the group what the owner has.
RUN chgrp -R 0 /opt/app && chmod -R g=u /opt/app

USER 1001
EXPOSE 8080
CMD ["/opt/app/bin/app"]
