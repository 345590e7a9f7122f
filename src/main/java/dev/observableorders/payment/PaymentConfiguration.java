package dev.observableorders.payment;

import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PaymentConfiguration {

	/**
	 * The HTTP gateway when {@code payment.gateway.url} is set, else the seed's
	 * simulation.
	 */
	@Bean
	PaymentGateway paymentGateway(PaymentGatewayProperties gateway, SimulatedPaymentProperties simulation) {
		if (gateway.url() == null) {
			LoggerFactory.getLogger(PaymentConfiguration.class)
				.info("payment.gateway.url is not set: payments are simulated");
			return new SimulatedPaymentGateway(simulation);
		}
		return new HttpPaymentGateway(gateway);
	}

}
