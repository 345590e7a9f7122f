package dev.observableorders.restate.admin;

import dev.observableorders.restate.endpoint.RestateDeploymentProperties;
import dev.observableorders.restate.endpoint.RestateEndpointServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Registers the running endpoint with Restate's admin API when
 * {@code restate.deployment.admin-url} is set (and {@code register} is not false), so a
 * fresh Restate server routes to this service without a manual {@code curl}. A rejected
 * registration fails the start: a service Restate cannot call is not ready.
 */
class DeploymentRegistration implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeploymentRegistration.class);

	private final RestateDeploymentProperties properties;

	private final RestateEndpointServer endpoint;

	private final RestateAdminApi admin;

	private volatile URI registeredAs;

	DeploymentRegistration(RestateDeploymentProperties properties, RestateEndpointServer endpoint,
			RestateAdminApi admin) {
		this.properties = properties;
		this.endpoint = endpoint;
		this.admin = admin;
	}

	@Override
	public void start() {
		if (this.properties.adminUrl() == null) {
			log.info("restate.deployment.admin-url is not set: register this endpoint with Restate yourself");
			return;
		}
		if (!this.properties.register()) {
			log.info("Not registering: {} is registered once for all replicas behind it", advertisedUrl());
			return;
		}
		URI deployment = advertisedUrl();
		Instant deadline = Instant.now().plus(this.properties.registrationTimeout());
		RestateAdminApi.Answer answer = registerUntil(deployment, deadline);
		if (answer.status() / 100 != 2) {
			throw new IllegalStateException("Restate at " + this.properties.adminUrl() + " rejected the deployment "
					+ deployment + ": " + answer.status() + " " + answer.body());
		}
		this.registeredAs = deployment;
		log.info("Registered {} with Restate at {}", deployment, this.properties.adminUrl());
	}

	private RestateAdminApi.Answer registerUntil(URI deployment, Instant deadline) {
		Duration backoff = Duration.ofMillis(200);
		while (true) {
			try {
				return this.admin.registerDeployment(deployment, this.properties.force());
			}
			catch (ConnectException ex) {
				if (Instant.now().plus(backoff).isAfter(deadline)) {
					throw new IllegalStateException("Restate's admin API at " + this.properties.adminUrl()
							+ " did not answer within " + this.properties.registrationTimeout(), ex);
				}
				log.info("Restate's admin API is not reachable yet, retrying in {}", backoff);
				pause(backoff);
				backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2)
						: backoff.multipliedBy(2);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Registration with Restate failed", ex);
			}
		}
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while registering with Restate", ex);
		}
	}

	URI advertisedUrl() {
		return (this.properties.advertisedUrl() != null) ? this.properties.advertisedUrl()
				: URI.create("http://127.0.0.1:" + this.endpoint.port());
	}

	/**
	 * Forgets the registration, so that a restart of the application context (Spring's
	 * test contexts are paused and resumed, and the endpoint then listens on a new port)
	 * registers again instead of leaving Restate calling the old address.
	 */
	@Override
	public void stop() {
		this.registeredAs = null;
	}

	@Override
	public boolean isRunning() {
		return this.registeredAs != null;
	}

	/**
	 * Whether what this instance registers is done: registered, or nothing to register
	 * (no admin API, or another instance registers the balanced address).
	 */
	boolean settled() {
		return this.properties.adminUrl() == null || !this.properties.register() || isRunning();
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

}
