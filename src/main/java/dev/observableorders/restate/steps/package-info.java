/**
 * Durable steps as the order flow uses them: each named, observed when it runs, silent on
 * replay, and a failure that only a person can end retried without bound, at the step's
 * pace, which SDK 2.4.1's retry policy cannot express: it is done by changing the policy
 * object the SDK reads after the failure. {@code DurableStepsTest} runs the SDK's own
 * {@code ctx.run} and fails when an upgrade copies the policy earlier.
 */
package dev.observableorders.restate.steps;
