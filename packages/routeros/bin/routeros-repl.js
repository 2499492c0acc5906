#!/usr/bin/env node
// The REPL is built as its own entry (dist/repl.js) so the library never loads it.
import '../dist/repl.js';
