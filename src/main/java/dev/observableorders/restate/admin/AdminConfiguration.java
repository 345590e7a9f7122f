package dev.observableorders.restate.admin;

import dev.observableorders.restate.endpoint.RestateDeploymentProperties;
import dev.observableorders.restate.endpoint.RestateEndpointServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Restate's admin API: the client, what is read through it, the registration and health.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

	@Bean
	RestateAdminApi restateAdminApi(RestateDeploymentProperties properties) {
		return new RestateAdminApi(properties.adminUrl());
	}

	@Bean
	RestateIntrospection restateIntrospection(RestateAdminApi admin) {
		return new RestateIntrospection(admin);
	}

	@Bean
	RestateStatePoller restateStatePoller(RestateAdminApi admin, MeterRegistry registry) {
		return new RestateStatePoller(admin, registry);
	}

	@Bean
	DeploymentRegistration restateDeploymentRegistration(RestateDeploymentProperties properties,
			RestateEndpointServer endpoint, RestateAdminApi admin) {
		return new DeploymentRegistration(properties, endpoint, admin);
	}

	@Bean
	RestateEndpointHealthIndicator restateEndpointHealthIndicator(RestateEndpointServer endpoint,
			DeploymentRegistration registration, RestateStatePoller restate, RestateDeploymentProperties properties) {
		return new RestateEndpointHealthIndicator(endpoint, registration, restate, properties.checkInterval());
	}

	@Bean
	DeploymentRegisteredMetric restateDeploymentRegisteredMetric(RestateEndpointHealthIndicator health,
			MeterRegistry registry) {
		return new DeploymentRegisteredMetric(health, registry);
	}

}
