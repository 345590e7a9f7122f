/**
 * Restate's admin API, which the SDK does not wrap: one client with a deadline and a
 * bound on answers, a poller whose cached answers feed health and gauges, SQL
 * introspection for the order pages, the endpoint's registration on start, and readiness
 * that says whether Restate still has this deployment. {@code RestateAdminApiTest} and
 * {@code ReadinessIT} fail when Restate's answers change shape.
 */
package dev.observableorders.restate.admin;
