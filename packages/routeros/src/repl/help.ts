/** `.help`: everything the REPL does, in one screen. */

/** The REPL's own commands, as typed (completion offers these). */
export const DIRECTIVES = ['.help', '.format', '.trace', '.jobs', '.cancel', '.listen', '.complete', '.exit'] as const;

export const HELP_TEXT = `\
Commands are API sentences: a path, then words, as the API takes them.
  /ip/hotspot/user/print ?name=PT-AB12 =.proplist=name,profile
  /ip/hotspot/user/add name=PT-AB12 password="two words" profile=default
  name=value is short for =name=value; a bare name is =name= (print follow);
  ?… words are queries, sent as typed; quote values with spaces ("…" or '…').
  Rows print as a table; !trap (with its category), !fatal, !empty and the
  !done attributes (ret=*1 after add) are shown as the router sent them.

A line ending in & runs in the background and prints its tag.
  .jobs                 list background jobs
  .cancel TAG           cancel a job (the router answers !trap category=2, then !done)
  .listen MENU [words]  stream MENU/listen until Ctrl-C, which cancels it, not the REPL;
                        a path ending in /listen, or a print with follow, streams the same way
  .format table|json    aligned tables, or one JSON document per line
  .trace on|off         show every sentence in and out: direction, tag, each word's
                        length prefix in hex and its text, a hex dump of bytes that are
                        not printable; =password= and =response= are masked
  .complete TEXT        print what Tab would offer for TEXT (paths, argument names,
                        from the router's /console/inspect, cached for the session)
  .help                 this text
  .exit                 cancel background jobs and leave (Ctrl-D does the same)

Tab completes paths and argument names. History is kept in ~/.routeros_repl_history
(ROUTEROS_REPL_HISTORY=path to move it, empty to turn it off); password values are masked there.

Piped input runs line by line; at its end the REPL waits for background jobs (Ctrl-C
cancels them). Exit code: 0 when every command succeeded, 1 when any trapped or failed,
2 for bad usage, 3 when the connection failed or was lost.`;
