/* A shared library that is no rexian plugin: it exports no entry symbol. */
#include "rexian/plugin.h"

REXIAN_PLUGIN_EXPORT int not_a_rexian_plugin(void);
int not_a_rexian_plugin(void) { return 42; }
