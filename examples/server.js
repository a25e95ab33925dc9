// A tiny HTTP service so the example Dockerfile builds and runs: `docker compose up web`.
const http = require('node:http');

const port = Number(process.env.PORT ?? 3000);

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ service: 'storefront', time: new Date().toISOString() }));
});

server.listen(port, () => console.log(`storefront listening on :${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
