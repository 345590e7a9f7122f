package dev.observableorders.traffic;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Shares of each kind of request, in percent, adding up to 100. */
public record OrderMix(int valid, int invalid, int resubmit) {

	public static final OrderMix ALL_VALID = new OrderMix(100, 0, 0);

	public enum Kind {

		/** a new, well-formed order: answered 200 with a final status */
		VALID,
		/** an order the service must reject: answered 400, nothing charged */
		INVALID,
		/**
		 * an order already answered, sent again: the same answer, nothing charged again
		 */
		RESUBMIT

	}

	public OrderMix {
		if (valid < 0 || invalid < 0 || resubmit < 0 || valid + invalid + resubmit != 100) {
			throw new IllegalArgumentException("--mix shares must be 0 to 100 and add up to 100, got valid=" + valid
					+ ",invalid=" + invalid + ",resubmit=" + resubmit);
		}
	}

	/** {@code valid=90,invalid=5,resubmit=5}; kinds left out are 0. */
	public static OrderMix parse(String text) {
		Map<Kind, Integer> shares = new EnumMap<>(Kind.class);
		for (String part : text.split(",")) {
			String[] pair = part.split("=", 2);
			try {
				Kind kind = Kind.valueOf(pair[0].trim().toUpperCase(Locale.ROOT));
				shares.put(kind, Integer.parseInt(pair[1].trim()));
			}
			catch (IllegalArgumentException | ArrayIndexOutOfBoundsException ex) {
				throw new IllegalArgumentException(
						"--mix takes kind=percent pairs of valid, invalid and resubmit, e.g. "
								+ "valid=90,invalid=5,resubmit=5; got '" + part + "'");
			}
		}
		return new OrderMix(shares.getOrDefault(Kind.VALID, 0), shares.getOrDefault(Kind.INVALID, 0),
				shares.getOrDefault(Kind.RESUBMIT, 0));
	}

	/**
	 * The kind of request number {@code n}, spread evenly: every 100 hold the shares
	 * exactly.
	 */
	Kind kindOf(long n) {
		// a fixed permutation of 0..99 spreads each kind across the hundred
		long slot = (n * 37) % 100;
		if (slot < this.valid) {
			return Kind.VALID;
		}
		return (slot < this.valid + this.invalid) ? Kind.INVALID : Kind.RESUBMIT;
	}

}
