package dev.observableorders.payment;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param url the payment gateway's base URL; unset, the built-in simulation answers
 * @param timeout how long one call may take before it counts as unanswered (and is
 * retried)
 */
@ConfigurationProperties("payment.gateway")
public record PaymentGatewayProperties(URI url, @DefaultValue("5s") Duration timeout) {

}
