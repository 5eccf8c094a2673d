/*
 * The example channel plugin's instance: everything one configured
 * `plugins:` entry of kind shared with path rexian_plugin_example.so owns.
 */
#ifndef REXIAN_EXAMPLE_PLUGIN_H_
#define REXIAN_EXAMPLE_PLUGIN_H_

#include <stdio.h>

#include "rexian/plugin.h"

/* The plugin's state. rexian only ever sees it as the opaque rexian_plugin*
 * that create() hands back; it passes the pointer to start, stop, destroy
 * and deliver. */
struct rexian_plugin {
  /* The host's function table and our handle on it: valid from create()
   * until destroy() returns, so we may keep them. */
  const rexian_host_api* api;
  rexian_host* host;

  /* Options (see k_options in example_plugin.c), malloc'ed copies. */
  char* greeting;
  char* route_prefix;
  char* reply_file; /* NULL: replies go to the server log */

  /* The route we register: route_prefix + "/messages". */
  char* messages_route;

  /* deliver() appends to this file; opened in start(), closed in stop().
   * Only the delivery thread touches it, one reply at a time, so it needs
   * no lock. */
  FILE* replies;
};

#endif /* REXIAN_EXAMPLE_PLUGIN_H_ */
