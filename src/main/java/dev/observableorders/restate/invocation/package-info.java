/**
 * What the SDK knows about the invocation running on this thread (which one, and whether
 * its journal is being replayed), read through SDK 2.4.1's internal handler context
 * because it publishes neither to SLF4J; and the log filter that puts the invocation in
 * the MDC and drops lines a replay would write again. {@code InvocationPhaseTest} fails
 * when an SDK upgrade renames what is read.
 */
package dev.observableorders.restate.invocation;
