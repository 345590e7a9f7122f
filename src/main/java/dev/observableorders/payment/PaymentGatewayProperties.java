package dev.observableorders.payment;

import java.net.URI;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param url the payment gateway's base URL; unset, the built-in simulation answers
 * @param timeout how long one call may take, the answer's body included, before it counts
 * as unanswered (and is retried)
 * @param maxAnswerSize a larger answer is refused unread (it is no answer this client
 * understands)
 */
@ConfigurationProperties("payment.gateway")
public record PaymentGatewayProperties(URI url, @DefaultValue("5s") Duration timeout,
		@DefaultValue("64KB") DataSize maxAnswerSize) {

}
