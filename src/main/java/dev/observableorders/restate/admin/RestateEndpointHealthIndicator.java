package dev.observableorders.restate.admin;

import dev.observableorders.restate.endpoint.RestateDeploymentProperties;
import dev.observableorders.restate.endpoint.RestateEndpointServer;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.SmartLifecycle;

/**
 * Part of readiness. DOWN while the Restate endpoint does not listen. With
 * {@code restate.deployment.admin-url} set, also DOWN when Restate no longer has a
 * deployment at this endpoint's address (someone removed it: no order reaches this
 * instance), and UNKNOWN when Restate cannot be asked, which does not take the instance
 * out of rotation.
 *
 * <p>
 * The deployment is first asked about once this instance's registration is done, and
 * right then (a lifecycle that starts after {@link DeploymentRegistration}, also when a
 * paused context restarts on a new port): a check that ran between the endpoint's start
 * and its registration would have read "missing" and kept the instance out of rotation
 * for a whole {@code check-interval} after it was ready.
 */
class RestateEndpointHealthIndicator implements HealthIndicator, SmartLifecycle {

	private final RestateEndpointServer endpoint;

	private final DeploymentRegistration registration;

	private final RestateStatePoller restate;

	private final RestateStatePoller.Watch deployments;

	private volatile boolean started;

	RestateEndpointHealthIndicator(RestateEndpointServer endpoint, DeploymentRegistration registration,
			RestateStatePoller restate, Duration checkInterval) {
		this.endpoint = endpoint;
		this.registration = registration;
		this.restate = restate;
		this.deployments = restate.watch("deployment", () -> (endpoint.isRunning() && registration.settled())
				? deploymentsAt(registration.advertisedUrl()) : null, checkInterval);
	}

	/** Asks once, now that the registration is done, rather than at the next interval. */
	@Override
	public void start() {
		this.started = true;
		if (this.restate.available()) {
			this.deployments.refresh();
		}
	}

	@Override
	public void stop() {
		this.started = false;
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	/** After {@link DeploymentRegistration}'s phase. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 512;
	}

	@Override
	public Health health() {
		if (!this.endpoint.isRunning()) {
			return Health.down().withDetail("reason", "the Restate endpoint is not listening").build();
		}
		Health.Builder health = Health.up().withDetail("port", this.endpoint.port());
		if (!this.restate.available()) {
			return health.build();
		}
		URI deployment = this.registration.advertisedUrl();
		health.withDetail("deployment", deployment.toString());
		return switch (deploymentState()) {
			case REGISTERED -> health.build();
			case MISSING -> health.down().withDetail("reason", "Restate has no deployment at " + deployment).build();
			case UNKNOWN -> health.status(Status.UNKNOWN)
				.withDetail("reason", "Restate's admin API did not answer the last check")
				.build();
		};
	}

	/**
	 * Whether Restate had a deployment at this endpoint's advertised address when last
	 * asked (every {@code restate.deployment.check-interval}); never asks itself.
	 */
	DeploymentState deploymentState() {
		return this.deployments.latest()
			.map((row) -> (row.getOrDefault("n", 0L) == 0) ? DeploymentState.MISSING : DeploymentState.REGISTERED)
			.orElse(DeploymentState.UNKNOWN);
	}

	enum DeploymentState {

		REGISTERED, MISSING, UNKNOWN

	}

	/** Restate stores the address with a trailing slash. */
	private static String deploymentsAt(URI deployment) {
		String address = deployment.toString().replaceAll("/$", "").replace("'", "''");
		return "SELECT count(*) AS n FROM sys_deployment WHERE endpoint IN ('" + address + "', '" + address + "/')";
	}

}
