package dev.observableorders.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How customer ids appear in log lines and span attributes.
 *
 * @param maskCustomerIds {@code logging.mask-customer-ids}: show only the first and last
 * two characters ({@link CustomerIds#mask}), as the order pages do; false writes them
 * whole (for a log store that is itself access-controlled and needs them)
 */
@ConfigurationProperties("logging")
record CustomerIdLogging(@DefaultValue("true") boolean maskCustomerIds) {

	/** The customer id as a log field, or null when it is not a plain identifier. */
	String field(String customerId) {
		String plain = OrderValidation.plainOrNull(customerId);
		return (plain != null && this.maskCustomerIds) ? CustomerIds.mask(plain) : plain;
	}

}
