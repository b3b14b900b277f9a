// Starts fauxqs (an independent SQS/SNS emulator, npm package "fauxqs") bound
// to 127.0.0.1 only: its CLI listens on every interface, so this wrapper
// makes every server it opens listen on loopback, then starts it.
//
//   FAUXQS_APP=/path/to/node_modules/fauxqs/dist/app.js FAUXQS_PORT=4599 node fauxqs-loopback.mjs
import net from "node:net";
import { pathToFileURL } from "node:url";

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (args[0] !== null && typeof args[0] === "object") {
    args[0] = { ...args[0], host: "127.0.0.1" };
  }
  return listen.apply(this, args);
};

const { startFauxqs } = await import(pathToFileURL(process.env.FAUXQS_APP).href);
const server = await startFauxqs({ logger: false, port: Number(process.env.FAUXQS_PORT) });
console.log(`fauxqs listening on 127.0.0.1:${server.port}`);
