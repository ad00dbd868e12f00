/**
 * The gateway: Netty HTTP + WebSocket in front of the pipeline. {@link org.leggio.gateway.GatewayServer}
 * serves the viewer, the pieces API, page images, each session's events (JSON, or protobuf with the
 * {@code leggio.v1.proto} subprotocol) and session commands; {@link org.leggio.gateway.GatewayConfig}
 * holds its settings.
 */
package org.leggio.gateway;
