package dev.observableorders.fulfillment;

import dev.observableorders.partner.PartnerConnection;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param url the warehouse's base URL; unset, the built-in simulation ships every order
 * @param timeout how long one call may take, the answer's body included, before it counts
 * as unanswered (and is retried)
 * @param maxAnswerSize a larger answer is refused unread (and counts as unanswered)
 * @param apiKey sent as {@code Authorization: Bearer …}; set it from the environment
 * ({@code FULFILLMENT_WAREHOUSE_API_KEY}) or a configtree file, never in a committed file
 * @param sslBundle a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) for a private
 * CA or a client certificate (mTLS)
 */
@ConfigurationProperties("fulfillment.warehouse")
record WarehouseProperties(URI url, @DefaultValue("5s") Duration timeout, @DefaultValue("64KB") DataSize maxAnswerSize,
		String apiKey, String sslBundle) {

	PartnerConnection connection() {
		return new PartnerConnection(this.url, this.timeout, this.maxAnswerSize, this.apiKey, this.sslBundle);
	}

	/** The key stays out of anything that prints the settings. */
	@Override
	public String toString() {
		return "fulfillment.warehouse " + connection();
	}

}
