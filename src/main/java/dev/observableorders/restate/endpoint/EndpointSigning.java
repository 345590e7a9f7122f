package dev.observableorders.restate.endpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whoever reaches an endpoint that does not verify Restate's request identity can send it
 * a forged journal: replay a step with a result of their choosing (a payment as approved,
 * a refund of any amount). So an endpoint that listens beyond loopback must verify
 * signatures, unless an operator accepts the risk in so many words.
 */
final class EndpointSigning {

	private static final Logger log = LoggerFactory.getLogger(EndpointSigning.class);

	private EndpointSigning() {
	}

	/**
	 * @throws IllegalStateException when the endpoint would accept unsigned requests from
	 * beyond this machine and {@code allowUnsigned} is not set
	 */
	static void check(String bindAddress, int port, boolean verifiesSignatures, boolean allowUnsigned) {
		if (verifiesSignatures || isLoopback(bindAddress)) {
			return;
		}
		String where = bindAddress + ":" + port;
		if (allowUnsigned) {
			log.warn(
					"The Restate endpoint accepts unsigned requests on {} (restate.deployment.allow-unsigned=true):"
							+ " anyone who reaches it can forge an invocation's journal. Set restate.sdk.identity-key.",
					where);
			return;
		}
		throw new IllegalStateException("The Restate endpoint would accept unsigned requests on " + where
				+ ": anyone who reaches it could forge an invocation's journal, e.g. replay a payment as approved."
				+ " Set restate.sdk.identity-key to the public key of the Restate server's request identity"
				+ " (generate a pair with RequestIdentityKeys, see docs/operations.md, \"Only Restate may call the"
				+ " endpoint\"), listen on loopback only (restate.deployment.bind-address=127.0.0.1),"
				+ " or accept the risk with restate.deployment.allow-unsigned=true.");
	}

	private static boolean isLoopback(String bindAddress) {
		try {
			return InetAddress.getByName(bindAddress).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
