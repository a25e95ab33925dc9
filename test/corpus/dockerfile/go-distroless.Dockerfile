# syntax=docker/dockerfile:1
# A Go service built statically and shipped on distroless (nonroot).
FROM --platform=$BUILDPLATFORM golang:1.22.5-alpine3.20 AS build
ARG TARGETOS
ARG TARGETARCH
WORKDIR /src

RUN apk add --no-cache git=2.45.2-r0 ca-certificates=20240705-r0

COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server

RUN go install github.com/grpc-ecosystem/grpc-health-probe@v0.4.28

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /server
COPY --from=build /go/bin/grpc-health-probe /bin/grpc_health_probe
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/server"]
