/**
 * The JSON the SDK reads and writes for a component: ISO-8601 instants, no guessed
 * scalars, unknown fields refused, fields marked always present listed as required in the
 * schema Restate publishes, and what was unreadable said in the caller's terms without
 * echoing it, where SDK 2.4.1's default serde would answer with Jackson's message.
 * {@code JsonSerdeFactoryTest} fails when the SDK's Jackson serde changes what it
 * reports.
 */
package dev.observableorders.restate.serde;
