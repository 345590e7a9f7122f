package dev.observableorders.restate;

import dev.restate.sdk.springboot.RestateEndpointProperties;
import dev.restate.sdk.springboot.RestateHttpServerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Restate endpoint, its registration and its health. The SDK starter's own properties
 * are kept ({@code restate.sdk.http.port}, {@code restate.sdk.identity-key}, ...).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ RestateHttpServerProperties.class, RestateEndpointProperties.class })
class RestateEndpointConfiguration {

	@Bean
	RestateEndpointServer restateEndpointServer(ApplicationContext context, RestateHttpServerProperties http,
			RestateEndpointProperties endpoint, RestateDeploymentProperties deployment,
			ObjectProvider<OpenTelemetry> openTelemetry, MeterRegistry registry) {
		return new RestateEndpointServer(context, http, endpoint, deployment,
				openTelemetry.getIfAvailable(OpenTelemetry::noop), registry);
	}

	@Bean
	DeploymentRegistration restateDeploymentRegistration(RestateDeploymentProperties properties,
			RestateEndpointServer endpoint, RestateAdminApi admin) {
		return new DeploymentRegistration(properties, endpoint, admin);
	}

	/** Static: a bean post-processor, created before the other beans of this class. */
	@Bean
	static HandlerAttempts restateHandlerAttempts(ObjectProvider<ObservationRegistry> observations) {
		return new HandlerAttempts(observations);
	}

	@Bean
	InvocationLogFields restateInvocationLogFields() {
		return new InvocationLogFields();
	}

	@Bean
	AttemptTimers restateAttemptTimers(MeterRegistry registry) {
		return new AttemptTimers(registry);
	}

	/**
	 * With tracing off, Boot's tracer is the no-op one; a slice without tracing gets it
	 * too.
	 */
	@Bean
	AttemptSpans restateAttemptSpans(ObjectProvider<Tracer> tracer) {
		return new AttemptSpans(tracer.getIfAvailable(() -> Tracer.NOOP));
	}

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
