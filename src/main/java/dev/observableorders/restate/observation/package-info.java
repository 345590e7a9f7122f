/**
 * One Micrometer {@code Observation} per handler attempt and per durable step, because
 * SDK 2.4.1 has no handler interceptors: a class-based proxy of each
 * {@code @RestateComponent} sees every call; spans, the {@code restate.handler.*} timers
 * and the MDC fields are the observation's handlers.
 * {@code HandlerObservationPostProcessorTest} fails when the SDK stops calling the bound
 * object; {@code AttemptSpansTest} compares the spans with Micrometer's own.
 */
package dev.observableorders.restate.observation;
