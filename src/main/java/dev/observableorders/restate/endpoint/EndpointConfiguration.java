package dev.observableorders.restate.endpoint;

import dev.restate.sdk.springboot.RestateEndpointProperties;
import dev.restate.sdk.springboot.RestateHttpServerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Restate endpoint this service starts itself. The SDK starter's own properties are
 * kept ({@code restate.sdk.http.port}, {@code restate.sdk.identity-key}, ...).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ RestateHttpServerProperties.class, RestateEndpointProperties.class })
class EndpointConfiguration {

	@Bean
	RestateEndpointServer restateEndpointServer(ApplicationContext context, RestateHttpServerProperties http,
			RestateEndpointProperties endpoint, RestateDeploymentProperties deployment,
			ObjectProvider<OpenTelemetry> openTelemetry, MeterRegistry registry) {
		return new RestateEndpointServer(context, http, endpoint, deployment,
				openTelemetry.getIfAvailable(OpenTelemetry::noop), registry);
	}

}
