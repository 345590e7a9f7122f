package dev.observableorders.restate.endpoint;

import dev.restate.sdk.auth.signing.RestateRequestIdentityVerifier;
import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.HttpEndpointRequestHandler;
import dev.restate.sdk.springboot.RestateComponent;
import dev.restate.sdk.springboot.RestateEndpointProperties;
import dev.restate.sdk.springboot.RestateHttpServerProperties;
import dev.restate.sdk.springboot.RestateServiceConfigurator;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Serves every {@code @RestateComponent} bean on one Restate endpoint.
 *
 * <p>
 * Replaces the SDK starter's endpoint bean, which builds its endpoint with a no-op
 * OpenTelemetry, binds every interface, and only logs an error when its port is taken
 * (the application then reports UP while nothing listens). Here a failed bind fails the
 * start.
 */
public class RestateEndpointServer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RestateEndpointServer.class);

	private final ApplicationContext applicationContext;

	private final RestateHttpServerProperties httpProperties;

	private final RestateEndpointProperties endpointProperties;

	private final RestateDeploymentProperties deploymentProperties;

	private final OpenTelemetry openTelemetry;

	private final MeterRegistry meterRegistry;

	private InvocationLimit invocations;

	private Vertx vertx;

	private HttpServer server;

	private volatile boolean running;

	RestateEndpointServer(ApplicationContext applicationContext, RestateHttpServerProperties httpProperties,
			RestateEndpointProperties endpointProperties, RestateDeploymentProperties deploymentProperties,
			OpenTelemetry openTelemetry, MeterRegistry meterRegistry) {
		this.applicationContext = applicationContext;
		this.meterRegistry = meterRegistry;
		this.httpProperties = httpProperties;
		this.endpointProperties = endpointProperties;
		this.deploymentProperties = deploymentProperties;
		this.openTelemetry = openTelemetry;
	}

	@Override
	public void start() {
		EndpointSigning.check(this.deploymentProperties.bindAddress(), this.httpProperties.getPort(),
				this.endpointProperties.getIdentityKey() != null, this.deploymentProperties.allowUnsigned());
		Endpoint endpoint = buildEndpoint();
		boolean bidirectional = !this.httpProperties.isDisableBidirectionalStreaming();
		OptionalInputDiscovery handler = new OptionalInputDiscovery(endpoint,
				HttpEndpointRequestHandler.fromEndpoint(endpoint, !bidirectional), bidirectional);
		this.invocations = new InvocationLimit(handler, this.deploymentProperties.maxConcurrentInvocations(),
				this.meterRegistry);
		this.vertx = Vertx.vertx();
		this.server = this.vertx
			.createHttpServer(new HttpServerOptions()
				.setInitialSettings(new Http2Settings().setMaxConcurrentStreams(Integer.MAX_VALUE)))
			.requestHandler(this.invocations);
		try {
			this.server.listen(this.httpProperties.getPort(), this.deploymentProperties.bindAddress())
				.toCompletionStage()
				.toCompletableFuture()
				.get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			this.vertx.close();
			throw new IllegalStateException("The Restate endpoint cannot listen on "
					+ this.deploymentProperties.bindAddress() + ":" + this.httpProperties.getPort(), ex);
		}
		this.running = true;
		log.info("Restate endpoint listening on {}:{} with services {} (optional input: {})",
				this.deploymentProperties.bindAddress(), this.server.actualPort(),
				endpoint.getServiceDefinitions().map((service) -> service.getServiceName()).toList(),
				handler.optionalInputHandlers());
	}

	private Endpoint buildEndpoint() {
		Map<String, Object> components = this.applicationContext.getBeansWithAnnotation(RestateComponent.class);
		if (components.isEmpty()) {
			throw new IllegalStateException("No @RestateComponent bean to serve");
		}
		Endpoint.Builder builder = Endpoint.builder().withOpenTelemetry(this.openTelemetry);
		components.forEach((beanName, component) -> builder.bind(component, configuratorFor(beanName)));
		if (this.endpointProperties.isEnablePreviewContext()) {
			builder.enablePreviewContext();
		}
		if (this.endpointProperties.getIdentityKey() != null) {
			builder.withRequestIdentityVerifier(
					RestateRequestIdentityVerifier.fromKey(this.endpointProperties.getIdentityKey()));
		}
		return builder.build();
	}

	private RestateServiceConfigurator configuratorFor(String beanName) {
		RestateComponent annotation = this.applicationContext.findAnnotationOnBean(beanName, RestateComponent.class);
		if (annotation == null || annotation.configuration().isEmpty()) {
			return (configurator) -> {
			};
		}
		return this.applicationContext.getBean(annotation.configuration(), RestateServiceConfigurator.class);
	}

	/**
	 * Graceful: new invocations are turned away (503, which Restate retries elsewhere or
	 * after the restart) while running ones may finish for up to
	 * {@code restate.deployment.shutdown-grace-period}; only then is the server closed,
	 * so a stop within the grace period makes Restate retry nothing.
	 */
	@Override
	public void stop() {
		if (this.vertx != null) {
			this.invocations.drain();
			Duration grace = this.deploymentProperties.shutdownGracePeriod();
			log.info("Stopping the Restate endpoint: {} invocations running, waiting up to {} ms for them",
					this.invocations.running(), grace.toMillis());
			if (!this.invocations.awaitIdle(grace)) {
				log.warn("{} invocations still running after {} ms: Restate retries them", this.invocations.running(),
						grace.toMillis());
			}
			this.running = false;
			try {
				// Closes the server too. Composed onto server.close() it would run on an
				// event loop that it
				// terminates, and its future would never complete.
				this.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				log.warn("The Restate endpoint did not close cleanly", ex);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Before the management server and registration start, after everything else. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	public int port() {
		return this.running ? this.server.actualPort() : -1;
	}

}
