'use strict'
// DynamoDB-compatible server for Tributary's local stack, built on dynalite.
//
// Usage: node dynamodb-server.js --port <port> [--path <dir>] [--marker <text>]
// Port 0 picks a free port. When listening, prints one line "TRIBUTARY-READY <port>" on stdout.
// The server stops when stdin reaches end of file: the parent keeps the pipe open, so the server never outlives it.
const argv = {}
for (let i = 2; i + 1 < process.argv.length; i += 2) {
  argv[process.argv[i].replace(/^--/, '')] = process.argv[i + 1]
}
const dynalite = require('dynalite')

const server = dynalite({
  path: argv.path || undefined,
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
})

server.on('error', (err) => {
  console.error('Cannot start the DynamoDB server because ' + err.message)
  process.exit(1)
})

server.listen(Number(argv.port || 0), '127.0.0.1', () => {
  process.stdout.write('TRIBUTARY-READY ' + server.address().port + '\n')
})

function stop () {
  server.close(() => process.exit(0))
  // LevelDB flushes on close; do not wait forever for lingering keep-alive connections.
  setTimeout(() => process.exit(0), 5000).unref()
}

process.stdin.on('end', stop)
process.stdin.on('error', stop)
process.stdin.resume()
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
