/**
 * What both partners' HTTP clients share: how to reach a partner (URL, deadline, answer
 * limit, API key, SSL bundle) and one client on Spring Boot's auto-configured
 * {@code RestClient.Builder}, so that every call is observed (timer
 * {@code http_client_requests_seconds}, a span that is a child of the step's, the
 * {@code traceparent} the partner sees) and every answer is sorted the same way: a
 * definite answer, a refusal, or an unknown outcome to retry under the same key. The
 * partners themselves ({@code payment}, {@code fulfillment}) say what the answers mean.
 */
package dev.observableorders.partner;
