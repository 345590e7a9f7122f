package dev.observableorders.benchmark;

import java.util.List;

/** What the benchmark compares, each in its own JVM with the same heap limit. */
enum Variant {

	/** The service as shipped; the simulated gateway approves every order. */
	A("service, observability on (defaults)", List.of()),

	/** The same service with metrics, the order log lines and tracing switched off. */
	B("service, metrics + order logs + tracing off",
			List.of("--management.metrics.enable.all=false", "--logging.level.dev.observableorders.order=WARN",
					"--management.tracing.enabled=false")),

	/** {@link BareOrderService}: the same journal shape, nothing else. */
	C("bare handler, same journal shape", List.of()),

	/** {@link NoopOrderService}. */
	D("no-op handler", List.of()),

	/**
	 * (a) without the seed's INFO lines of the order flow, everything else on: splits
	 * (a)'s cost over (b) into the JSON log lines, (a)/(e), and the rest of
	 * observability, (e)/(b).
	 */
	E("service, observability on but the order log lines off",
			List.of("--logging.level.dev.observableorders.order=WARN")),

	/**
	 * (a) against a Restate with its own defaults instead of config/restate/restate.env:
	 * (a)/(r) is what the shipped Restate configuration buys the whole system.
	 */
	R("service as shipped, Restate with its defaults", List.of());

	final String description;

	/** Extra settings of the service variants. */
	final List<String> settings;

	Variant(String description, List<String> settings) {
		this.description = description;
		this.settings = settings;
	}

	boolean isService() {
		return this == A || this == B || this == E || this == R;
	}

	/** Whether its Restate runs with config/restate/restate.env (all but (r)). */
	boolean configuredRestate() {
		return this != R;
	}

	String label() {
		return "(" + name().toLowerCase() + ") " + this.description;
	}

}
