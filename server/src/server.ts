// The Candor language server (placeholder entry until the server lands): exits with a clear message.
process.stderr.write('candor: the language server is not built yet.\n');
process.exitCode = 1;
