#!/usr/bin/env node
// The only place that sets the exit code: the CLI returns it.
import { main } from '../dist/cli/main.js';
import { processIo } from '../dist/cli/io.js';

process.exitCode = await main(process.argv.slice(2), processIo());
