package dev.observableorders.fulfillment;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param url the warehouse's base URL; unset, the built-in simulation ships every order
 * @param timeout how long one hand-over may wait for its answer before it counts as
 * unanswered (and is retried)
 * @param maxAnswerSize a larger answer is refused unread
 */
@ConfigurationProperties("fulfillment.warehouse")
public record WarehouseProperties(URI url, @DefaultValue("5s") Duration timeout,
		@DefaultValue("64KB") DataSize maxAnswerSize) {

}
