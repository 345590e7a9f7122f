package dev.observableorders.restate.endpoint;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the Restate endpoint is exposed and registered. The port, the request identity key
 * and bidirectional streaming keep the SDK starter's own properties
 * ({@code restate.sdk.*}).
 *
 * @param bindAddress interface the endpoint listens on (SDK 2.4.1's own server always
 * binds all of them); beyond loopback it must verify request identity, see
 * {@code allowUnsigned}
 * @param adminUrl Restate's admin API (its default port is 9070, e.g.
 * {@code http://127.0.0.1:9070}); when set the service registers itself there on start
 * (see {@code register}), reports {@code orders_active} from it and checks its
 * registration; unset, register with {@code curl -X POST .../deployments}
 * @param register whether to register on start when {@code adminUrl} is set; false for
 * replicas behind one load-balanced deployment address, which is registered once
 * @param advertisedUrl the address Restate calls the endpoint on; defaults to
 * {@code http://127.0.0.1:<endpoint port>}
 * @param force re-register even if Restate already knows a deployment at that address
 * with different services (development only: it can break in-flight invocations)
 * @param registrationTimeout how long to keep trying to reach the admin API before giving
 * up
 * @param checkInterval how often the admin API is asked whether the deployment still
 * exists; readiness and {@code restate_deployment_registered} read that cached answer
 * @param maxConcurrentInvocations invocations this instance runs at once; more are
 * answered 503 and retried by Restate
 * @param shutdownGracePeriod on stop, how long running invocations may finish while new
 * ones are turned away (503: Restate retries them elsewhere or after the restart); those
 * still running then are retried by Restate. Keep it below the platform's kill timeout
 * (compose: {@code stop_grace_period} 40s)
 * @param allowUnsigned start although the endpoint listens beyond loopback without
 * {@code restate.sdk.identity-key} (a WARN says so); without it the start fails
 */
@ConfigurationProperties("restate.deployment")
public record RestateDeploymentProperties(@DefaultValue("127.0.0.1") String bindAddress, URI adminUrl,
		@DefaultValue("true") boolean register, URI advertisedUrl, @DefaultValue("false") boolean force,
		@DefaultValue("30s") Duration registrationTimeout, @DefaultValue("5s") Duration checkInterval,
		@DefaultValue("false") boolean allowUnsigned, @DefaultValue("256") int maxConcurrentInvocations,
		@DefaultValue("30s") Duration shutdownGracePeriod) {

}
