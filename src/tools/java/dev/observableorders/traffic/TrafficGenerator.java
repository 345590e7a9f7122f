package dev.observableorders.traffic;

import dev.observableorders.support.ToolCommandLine;
import java.io.IOException;

/**
 * {@code ./mvnw -q test-compile exec:exec@traffic -Dtraffic.args="--orders 1000"}: sends
 * orders to a running system (README command 1) and reports what happened. See
 * {@code tools/traffic --help}.
 */
public final class TrafficGenerator {

	private TrafficGenerator() {
	}

	public static void main(String[] args) throws InterruptedException, IOException {
		TrafficOptions options = ToolCommandLine.optionsOrExit("traffic", new TrafficOptions.Cli(), args,
				TrafficOptions::parse);
		if (options == null) {
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
