package dev.observableorders.fulfillment;

import java.util.Map;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class FulfillmentConfiguration {

	/**
	 * The HTTP warehouse when {@code fulfillment.warehouse.url} is set, else the seed's
	 * simulation.
	 */
	@Bean
	Fulfillment fulfillment(WarehouseProperties warehouse, SimulatedFulfillmentProperties simulation,
			RestClient.Builder restClient, SslBundles sslBundles) {
		if (warehouse.url() == null) {
			return new SimulatedFulfillment(simulation);
		}
		return new HttpWarehouse(warehouse.connection(), restClient, sslBundles);
	}

	/**
	 * {@code /info}: {@code "fulfillment":{"mode":"simulated"}} or {@code "warehouse"}.
	 */
	@Bean
	InfoContributor fulfillmentModeInfo(WarehouseProperties warehouse) {
		return (info) -> info.withDetail("fulfillment",
				Map.of("mode", (warehouse.url() == null) ? "simulated" : "warehouse"));
	}

}
