package dev.observableorders.restate;

import java.io.IOException;
import java.net.URI;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Part of readiness. DOWN while the Restate endpoint does not listen. With
 * {@code restate.deployment.admin-url} set, also DOWN when Restate no longer has a
 * deployment at this endpoint's address (someone removed it: no order reaches this
 * instance), and UNKNOWN when Restate cannot be asked, which does not take the instance
 * out of rotation.
 */
class RestateEndpointHealthIndicator implements HealthIndicator {

	private final RestateEndpointServer endpoint;

	private final DeploymentRegistration registration;

	private final RestateAdminApi admin;

	RestateEndpointHealthIndicator(RestateEndpointServer endpoint, DeploymentRegistration registration,
			RestateAdminApi admin) {
		this.endpoint = endpoint;
		this.registration = registration;
		this.admin = admin;
	}

	@Override
	public Health health() {
		if (!this.endpoint.isRunning()) {
			return Health.down().withDetail("reason", "the Restate endpoint is not listening").build();
		}
		Health.Builder health = Health.up().withDetail("port", this.endpoint.port());
		if (!this.admin.available()) {
			return health.build();
		}
		URI deployment = this.registration.advertisedUrl();
		health.withDetail("deployment", deployment.toString());
		return switch (deploymentState()) {
			case REGISTERED -> health.build();
			case MISSING -> health.down().withDetail("reason", "Restate has no deployment at " + deployment).build();
			case UNKNOWN ->
				health.status(Status.UNKNOWN).withDetail("reason", "Restate's admin API cannot be asked").build();
		};
	}

	/** Whether Restate has a deployment at this endpoint's advertised address. */
	DeploymentState deploymentState() {
		if (!this.admin.available()) {
			return DeploymentState.UNKNOWN;
		}
		try {
			return (this.admin.count(deploymentsAt(this.registration.advertisedUrl())) == 0) ? DeploymentState.MISSING
					: DeploymentState.REGISTERED;
		}
		catch (IOException ex) {
			return DeploymentState.UNKNOWN;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return DeploymentState.UNKNOWN;
		}
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
