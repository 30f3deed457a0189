package dev.nestbox.adapters.ssh;

import dev.nestbox.domain.sshkey.PublicKeyPolicy;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a public key blob in the SSH wire format and says what is wrong with it, if anything. Each type is decoded
 * field by field, so a blob that merely starts right (or carries extra bytes) is refused; whether a sound key is
 * acceptable is {@link PublicKeyPolicy}'s decision.
 */
final class KeyBlobs {
    static final String ED25519 = PublicKeyPolicy.ED25519;
    static final String RSA = PublicKeyPolicy.RSA;

    private static final Map<String, Curve> CURVES = Map.of(
            PublicKeyPolicy.ECDSA.get(0), new Curve("nistp256", "secp256r1", 32),
            PublicKeyPolicy.ECDSA.get(1), new Curve("nistp384", "secp384r1", 48),
            PublicKeyPolicy.ECDSA.get(2), new Curve("nistp521", "secp521r1", 66));

    private KeyBlobs() {
    }

    /**
     * Empty when the blob is a sound key of {@code type} that the policy accepts; otherwise the reason, phrased for
     * the key's owner.
     */
    static Optional<String> problem(String type, byte[] blob) {
        Optional<String> refusedType = refusal(PublicKeyPolicy.type(type));
        if (refusedType.isPresent()) {
            return refusedType;
        }
        if (!ED25519.equals(type) && !RSA.equals(type) && !CURVES.containsKey(type)) {
            throw new IllegalStateException("PublicKeyPolicy accepts " + type + " keys, which KeyBlobs cannot read");
        }
        try {
            WireReader reader = new WireReader(blob);
            String inner = reader.name();
            if (!inner.equals(type)) {
                return Optional.of("The key data says it is a '" + inner + "' key but the line starts with '" + type
                        + "': the line was altered. Copy it again from your .pub file.");
            }
            Optional<String> problem = ED25519.equals(type) ? ed25519(reader)
                    : RSA.equals(type) ? rsa(reader)
                    : ecdsa(CURVES.get(type), reader);
            if (problem.isPresent()) {
                return problem;
            }
            if (!reader.atEnd()) {
                return damaged("it carries extra bytes after the key");
            }
            return Optional.empty();
        } catch (WireReader.MalformedBlob e) {
            return damaged(e.getMessage());
        }
    }

    private static Optional<String> ed25519(WireReader reader) throws WireReader.MalformedBlob {
        byte[] point = reader.string();
        if (point.length != 32) {
            return damaged("an ed25519 key is 32 bytes, this one is " + point.length);
        }
        return Optional.empty();
    }

    private static Optional<String> rsa(WireReader reader) throws WireReader.MalformedBlob {
        BigInteger exponent = reader.mpint();
        BigInteger modulus = reader.mpint();
        if (modulus.signum() <= 0 || !modulus.testBit(0)) {
            return damaged("its RSA modulus is not a positive odd number");
        }
        Optional<String> refusedSize = refusal(PublicKeyPolicy.rsaModulus(modulus.bitLength()));
        if (refusedSize.isPresent()) {
            return refusedSize;
        }
        // e = 1 (or any even e) makes "encryption" the identity or not invertible: only a forged key looks like that.
        if (exponent.compareTo(BigInteger.valueOf(3)) < 0 || !exponent.testBit(0) || exponent.compareTo(modulus) >= 0) {
            return damaged("its RSA public exponent is not an odd number between 3 and the modulus");
        }
        try {
            KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (GeneralSecurityException e) {
            return damaged("the RSA key is not usable (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    private static Optional<String> ecdsa(Curve curve, WireReader reader) throws WireReader.MalformedBlob {
        String curveName = reader.name();
        if (!curveName.equals(curve.sshName())) {
            return damaged("it names curve '" + curveName + "' but its type needs '" + curve.sshName() + "'");
        }
        byte[] point = reader.string();
        if (point.length != 1 + 2 * curve.coordinateBytes() || point[0] != 0x04) {
            return damaged("its curve point is not an uncompressed point of " + curve.sshName());
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + curve.coordinateBytes()));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 1 + curve.coordinateBytes(), point.length));
        ECParameterSpec params = curve.parameters();
        if (!onCurve(params.getCurve(), x, y)) {
            return damaged("its point is not on the curve " + curve.sshName());
        }
        try {
            KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
        } catch (GeneralSecurityException e) {
            return damaged("the ECDSA key is not usable (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    // The JDK's KeyFactory accepts off-curve points, and an off-curve point is the start of invalid-curve attacks.
    private static boolean onCurve(EllipticCurve curve, BigInteger x, BigInteger y) {
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return left.equals(right);
    }

    static Optional<String> refusal(PublicKeyPolicy.Verdict verdict) {
        if (verdict instanceof PublicKeyPolicy.Verdict.Refused refused) {
            return Optional.of(refused.message());
        } else if (verdict instanceof PublicKeyPolicy.Verdict.Accepted) {
            return Optional.empty();
        } else {
            throw new AssertionError("unknown verdict " + verdict);
        }
    }

    private static Optional<String> damaged(String detail) {
        return Optional.of("The key data is damaged (" + detail + "). Copy the whole line again from your .pub file.");
    }

    private record Curve(String sshName, String jdkName, int coordinateBytes) {
        ECParameterSpec parameters() {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(jdkName));
                return parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the Java runtime lacks the standard curve " + jdkName, e);
            }
        }
    }
}
