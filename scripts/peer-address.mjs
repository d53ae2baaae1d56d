// Route handlers get no socket from Next.js, and X-Forwarded-For is whatever the client sent. Servers that
// start listening after this call write the socket's address into x-auditlens-peer, prefixed with a secret
// drawn now (AUDITLENS_PEER_SECRET), over any value the client sent; lib/auth/peer.ts believes only that.
import crypto from "node:crypto";
import http from "node:http";

export const PEER_HEADER = "x-auditlens-peer";

export function vouchForPeerAddresses() {
  const secret = crypto.randomBytes(24).toString("base64url");
  process.env.AUDITLENS_PEER_SECRET = secret;
  const listen = http.Server.prototype.listen;
  http.Server.prototype.listen = function listenVouchingForPeers(...args) {
    this.prependListener("request", (req) => {
      req.headers[PEER_HEADER] = `${secret} ${req.socket.remoteAddress ?? ""}`;
    });
    return listen.apply(this, args);
  };
}
