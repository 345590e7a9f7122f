package dev.observableorders.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The one command-line convention of the tools ({@code tools/traffic}, {@code soak},
 * {@code benchmark}, {@code page-benchmark}, {@code cluster}), on picocli: options are
 * declared on a {@code @Command} object; {@code --help} prints what they declare and
 * starts nothing; a mistake ("Unknown option: '--bogus'", a value that is not a number or
 * duration) is one line and exit status 2; durations read {@code 500ms}, {@code 30s},
 * {@code 2m}, {@code 1h}.
 */
public final class ToolCommandLine {

	private ToolCommandLine() {
	}

	/**
	 * Fills {@code spec}'s options from {@code args}.
	 * @throws IllegalArgumentException picocli's one-line message
	 */
	public static <T> T parse(T spec, String... args) {
		try {
			commandLine(spec).parseArgs(args);
			return spec;
		}
		catch (CommandLine.ParameterException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
	}

	/** Whether the arguments ask for help: then nothing else is read, nothing starts. */
	public static boolean helpAsked(String... args) {
		return List.of(args).contains("--help") || List.of(args).contains("-h");
	}

	/** The usage text picocli builds from {@code spec}'s declarations. */
	public static String usage(Object spec) {
		StringWriter text = new StringWriter();
		commandLine(spec).usage(new PrintWriter(text), CommandLine.Help.Ansi.OFF);
		return text.toString();
	}

	/**
	 * The skeleton every tool's {@code main} shares: help (exit 0), or the options, or
	 * one line on stderr and exit 2.
	 * @param tool how the line names the tool, e.g. {@code traffic}
	 * @param parser turns the arguments into the tool's options, throwing
	 * {@link IllegalArgumentException} for a mistake
	 * @return the options, or null when help was printed
	 */
	public static <T> T optionsOrExit(String tool, Object spec, String[] args, Parser<T> parser) {
		if (helpAsked(args)) {
			System.out.print(usage(spec));
			return null;
		}
		try {
			return parser.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(tool + ": " + ex.getMessage());
			System.err.println("Run tools/" + tool + " --help for the options.");
			System.exit(2);
			return null;
		}
	}

	/** A tool's own parsing, on top of {@link #parse}. */
	@FunctionalInterface
	public interface Parser<T> {

		T parse(String[] args);

	}

	private static CommandLine commandLine(Object spec) {
		return new CommandLine(spec).registerConverter(Duration.class, ToolCommandLine::duration)
			.setOverwrittenOptionsAllowed(false)
			// a tool that passes --name=value settings on takes them as its parameters
			.setUnmatchedOptionsArePositionalParams(spec instanceof PassesSettingsOn)
			.setUsageHelpWidth(110);
	}

	/**
	 * A tool whose parameters are Spring settings of what it starts
	 * ({@code --name=value}).
	 */
	public interface PassesSettingsOn {

	}

	/** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
	public static Duration duration(String value) {
		String v = value.trim().toLowerCase(Locale.ROOT);
		try {
			if (v.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
			}
			long amount = Long.parseLong(v.substring(0, v.length() - 1));
			return switch (v.charAt(v.length() - 1)) {
				case 's' -> Duration.ofSeconds(amount);
				case 'm' -> Duration.ofMinutes(amount);
				case 'h' -> Duration.ofHours(amount);
				default -> throw new NumberFormatException();
			};
		}
		catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
			throw new CommandLine.TypeConversionException(
					"'" + value + "' is not a duration; write e.g. 500ms, 30s, 2m or 1h");
		}
	}

	/** {@code --help}, for every tool ({@code @Mixin}). */
	public static final class Help {

		@Option(names = { "-h", "--help" }, usageHelp = true, description = "this text; nothing starts")
		boolean help;

	}

	/**
	 * Where a tool's report goes ({@code @Mixin}): {@code target/<name>} unless told,
	 * {@code docs/<name>} only on purpose.
	 */
	public static final class Report {

		@Option(names = "--output", paramLabel = "FILE", description = "the report (default target/<report>.md)")
		Path output;

		@Option(names = "--write-docs", description = "write the report to docs/<report>.md, on purpose")
		boolean writeDocs;

		public Path output(String name) {
			return (this.output != null) ? this.output : Path.of(this.writeDocs ? "docs" : "target", name);
		}

	}

	/**
	 * The Spring settings a tool passes to the services it starts ({@code @Mixin}, with
	 * {@link PassesSettingsOn}): each {@code --name=value}, anything else refused.
	 */
	public static final class Settings {

		@Parameters(paramLabel = "--<name>=<value>",
				description = "a setting of the services it starts, e.g. --payment.simulation.decline-rate=0.2")
		List<String> settings = new ArrayList<>();

		public List<String> settings() {
			for (String setting : this.settings) {
				if (!setting.matches("--[a-z][a-zA-Z0-9.\\[\\]_-]*=.*")) {
					throw new IllegalArgumentException(
							"Unknown option: '" + setting + "' (service settings are --name=value)");
				}
			}
			return this.settings;
		}

	}

}
