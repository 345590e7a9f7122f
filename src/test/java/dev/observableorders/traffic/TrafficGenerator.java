package dev.observableorders.traffic;

import java.io.IOException;

/**
 * {@code ./mvnw -q test-compile exec:exec@traffic -Dtraffic.args="--orders 1000"}: sends
 * orders to a running system (README command 1) and reports what happened. See
 * {@link TrafficOptions#USAGE}.
 */
public final class TrafficGenerator {

	private TrafficGenerator() {
	}

	public static void main(String[] args) throws InterruptedException, IOException {
		if (args.length == 1 && args[0].equals("--help")) {
			System.out.println(TrafficOptions.USAGE);
			return;
		}
		TrafficOptions options;
		try {
			options = TrafficOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("traffic: " + ex.getMessage());
			System.err.println("Run with --help for the options.");
			System.exit(2);
			return;
		}
		System.err.println("Sending "
				+ ((options.duration() != null) ? "for " + options.duration().toSeconds() + " s"
						: options.orders() + " orders")
				+ " to " + options.url() + ", ids " + options.idPrefix() + "-<n>");
		TrafficSummary summary = new TrafficRun(options).run(System.err);
		System.out.print(summary.text());
		if (options.json() != null) {
			summary.writeJson(options.json());
			System.out.println("summary written to " + options.json());
		}
		System.exit((summary.unexpected() > 0) ? 1 : 0);
	}

}
