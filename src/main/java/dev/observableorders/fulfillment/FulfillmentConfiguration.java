package dev.observableorders.fulfillment;

import java.util.Map;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FulfillmentConfiguration {

	/**
	 * The HTTP warehouse when {@code fulfillment.warehouse.url} is set, else the seed's
	 * simulation.
	 */
	@Bean
	Fulfillment fulfillment(WarehouseProperties warehouse, SimulatedFulfillmentProperties simulation) {
		return (warehouse.url() == null) ? new SimulatedFulfillment(simulation) : new HttpWarehouse(warehouse);
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
