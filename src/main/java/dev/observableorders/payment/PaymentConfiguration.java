package dev.observableorders.payment;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class PaymentConfiguration {

	/**
	 * {@code payment_gateway_simulated}: 1 while payments are simulated (nobody is
	 * charged), 0 with a real gateway. The Orders dashboard shows it.
	 */
	static final String SIMULATED = "payment.gateway.simulated";

	/**
	 * The HTTP gateway when {@code payment.gateway.url} is set, else the seed's
	 * simulation, which an operator must not miss: orders would ship unpaid.
	 */
	@Bean
	PaymentGateway paymentGateway(PaymentGatewayProperties gateway, SimulatedPaymentProperties simulation,
			RestClient.Builder restClient, SslBundles sslBundles) {
		if (gateway.url() == null) {
			LoggerFactory.getLogger(PaymentConfiguration.class)
				.warn("Payments are SIMULATED: payment.gateway.url is not set, so no customer is charged and orders"
						+ " ship unpaid. Set payment.gateway.url before taking real orders.");
			return new SimulatedPaymentGateway(simulation);
		}
		return new HttpPaymentGateway(gateway.connection(), restClient, sslBundles);
	}

	@Bean
	MeterBinder paymentModeMetric(PaymentGatewayProperties gateway) {
		return (registry) -> Gauge.builder(SIMULATED, () -> (gateway.url() == null) ? 1 : 0)
			.description("1 while payments are simulated and nobody is charged, 0 with a real payment gateway")
			.register(registry);
	}

	/** {@code /info}: {@code "payment":{"mode":"simulated"}} or {@code "gateway"}. */
	@Bean
	InfoContributor paymentModeInfo(PaymentGatewayProperties gateway) {
		return (info) -> info.withDetail("payment", Map.of("mode", (gateway.url() == null) ? "simulated" : "gateway"));
	}

}
