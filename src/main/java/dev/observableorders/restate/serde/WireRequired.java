package dev.observableorders.restate.serde;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field that is always present on the wire, so the JSON schema Restate publishes
 * (its OpenAPI document) lists it as required. Unlike Jackson's
 * {@code @JsonProperty(required = true)} it changes nothing in reading: a missing field
 * still reaches the handler, whose validation answers what to send.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD })
public @interface WireRequired {

}
