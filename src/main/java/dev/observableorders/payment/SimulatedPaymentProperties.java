package dev.observableorders.payment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in payment simulation, so demos and dashboards see varied traffic.
 *
 * @param declineRate share of orders declined (the seed's 10%)
 * @param errorRate share of orders whose gateway never answers: every attempt fails until
 * the payment step gives up and the order ends {@code payment_failed}
 * @param latency how long each simulated charge takes
 */
@ConfigurationProperties("payment.simulation")
record SimulatedPaymentProperties(@DefaultValue("0.1") double declineRate, @DefaultValue("0") double errorRate,
		@DefaultValue("0ms") Duration latency) {

	public SimulatedPaymentProperties {
		if (declineRate < 0 || errorRate < 0 || declineRate + errorRate > 1) {
			throw new IllegalArgumentException("payment.simulation.decline-rate and error-rate must be between 0 and 1"
					+ " and add up to at most 1, got " + declineRate + " and " + errorRate);
		}
	}

}
