package dev.observableorders.order;

import dev.observableorders.restate.HandlerMetadata;
import dev.restate.sdk.springboot.RestateServiceConfigurator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Restate options of {@link OrderService} that annotations cannot express. */
@Configuration(proxyBeanMethods = false)
class OrderServiceOptions {

	static final String BEAN_NAME = "orderServiceConfigurator";

	/** GetStatus answers the seed's {@code -d '{}'} and a bare POST alike. */
	@Bean(BEAN_NAME)
	RestateServiceConfigurator orderServiceConfigurator() {
		return (service) -> service.configureHandler("GetStatus",
				(handler) -> handler.addMetadata(HandlerMetadata.OPTIONAL_INPUT, "true"));
	}

}
