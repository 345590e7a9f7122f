package dev.observableorders.order;

import dev.observableorders.restate.endpoint.HandlerMetadata;
import dev.restate.sdk.springboot.RestateServiceConfigurator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Restate options of {@link OrderService} that annotations cannot express. */
@Configuration(proxyBeanMethods = false)
class OrderServiceOptions {

	static final String BEAN_NAME = "orderServiceConfigurator";

	/**
	 * GetStatus answers the seed's {@code -d '{}'} and a bare POST alike. The
	 * documentation is what Restate's UI and OpenAPI document show callers, one sentence
	 * each, instead of the classes' Javadoc.
	 */
	@Bean(BEAN_NAME)
	RestateServiceConfigurator orderServiceConfigurator() {
		return (service) -> service
			.documentation("Processes each order once, keyed by its id: charges it, hands it to the warehouse,"
					+ " refunds it if the warehouse cannot take it, and keeps the result.")
			.configureHandler(OrderRecords.PROCESS_ORDER,
					(handler) -> handler.documentation("Processes the order and answers its result; a repeated"
							+ " submission answers the stored result, a changed one 409."))
			.configureHandler(OrderRecords.GET_STATUS,
					(handler) -> handler.documentation("Answers the order's stored result, or the status not_found.")
						.addMetadata(HandlerMetadata.OPTIONAL_INPUT, "true"));
	}

}
