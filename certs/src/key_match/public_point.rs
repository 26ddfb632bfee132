//! Derives the public point of a P-256 or P-384 private key from its scalar.
//!
//! A SEC1 or PKCS#8 EC key may leave out its public point, and the key match then needs
//! `d·G`. The `p256` and `p384` crates added about 30 KB to the panel's wasm for this one
//! multiplication, so one small routine here serves both curves. Field elements are
//! little-endian `u32` limbs in Montgomery form. Points use Jacobian coordinates with the
//! `a = -3` doubling formulas, and the scalar is read bit by bit from the top.
//!
//! The result is only compared with the point in a certificate; nothing is signed or
//! sent. The running time depends on the scalar's bits, which a page that checks the
//! operator's own key in the operator's own browser can afford.

use crate::algorithm::Curve;

/// The number of limbs of the largest field element: 12 for P-384.
const MAX_LIMBS: usize = 12;

type Limbs = [u32; MAX_LIMBS];

/// The domain parameters that the derivation needs, as 32-bit words, most significant
/// word first, as FIPS 186-4 (appendix D.1.2) writes them. Both curves have `a = -3`.
struct Domain {
    p: &'static [u32],
    n: &'static [u32],
    gx: &'static [u32],
    gy: &'static [u32],
}

const P256: Domain = Domain {
    p: &[
        0xFFFF_FFFF,
        0x0000_0001,
        0x0000_0000,
        0x0000_0000,
        0x0000_0000,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
    ],
    n: &[
        0xFFFF_FFFF,
        0x0000_0000,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xBCE6_FAAD,
        0xA717_9E84,
        0xF3B9_CAC2,
        0xFC63_2551,
    ],
    gx: &[
        0x6B17_D1F2,
        0xE12C_4247,
        0xF8BC_E6E5,
        0x63A4_40F2,
        0x7703_7D81,
        0x2DEB_33A0,
        0xF4A1_3945,
        0xD898_C296,
    ],
    gy: &[
        0x4FE3_42E2,
        0xFE1A_7F9B,
        0x8EE7_EB4A,
        0x7C0F_9E16,
        0x2BCE_3357,
        0x6B31_5ECE,
        0xCBB6_4068,
        0x37BF_51F5,
    ],
};

const P384: Domain = Domain {
    p: &[
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFE,
        0xFFFF_FFFF,
        0x0000_0000,
        0x0000_0000,
        0xFFFF_FFFF,
    ],
    n: &[
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xC763_4D81,
        0xF437_2DDF,
        0x581A_0DB2,
        0x48B0_A77A,
        0xECEC_196A,
        0xCCC5_2973,
    ],
    gx: &[
        0xAA87_CA22,
        0xBE8B_0537,
        0x8EB1_C71E,
        0xF320_AD74,
        0x6E1D_3B62,
        0x8BA7_9B98,
        0x59F7_41E0,
        0x8254_2A38,
        0x5502_F25D,
        0xBF55_296C,
        0x3A54_5E38,
        0x7276_0AB7,
    ],
    gy: &[
        0x3617_DE4A,
        0x9626_2C6F,
        0x5D9E_98BF,
        0x9292_DC29,
        0xF8F4_1DBD,
        0x289A_147C,
        0xE9DA_3113,
        0xB5F0_B8C0,
        0x0A60_B1CE,
        0x1D7E_819D,
        0x7A43_1D7C,
        0x90EA_0E5F,
    ],
};

/// Returns the uncompressed SEC1 encoding (`04`, X, Y) of `scalar·G`, or `None` for a
/// curve other than P-256 and P-384 and for a scalar outside `1..n`. `scalar` is
/// big-endian and may be shorter than the field, as a key with its leading zero bytes
/// dropped is.
pub(crate) fn derive_public_point(curve: &Curve, scalar: &[u8]) -> Option<Vec<u8>> {
    let domain = match curve {
        Curve::P256 => &P256,
        Curve::P384 => &P384,
        _ => return None,
    };
    let len = domain.p.len();
    let d = limbs_from_be_bytes(scalar, len)?;
    let n = limbs_from_words(domain.n);
    if is_zero(&d, len) || !less_than(&d, &n, len) {
        return None;
    }

    let field = Field::new(limbs_from_words(domain.p), len);
    let gx = field.to_montgomery(&limbs_from_words(domain.gx));
    let gy = field.to_montgomery(&limbs_from_words(domain.gy));
    let (x, y, z) = field.multiply_base(&d, &gx, &gy)?;

    let z_inverse = field.invert(&z);
    let z_inverse_squared = field.mul(&z_inverse, &z_inverse);
    let affine_x = field.mul(&x, &z_inverse_squared);
    let affine_y = field.mul(&y, &field.mul(&z_inverse_squared, &z_inverse));

    let mut point = Vec::with_capacity(1 + 8 * len);
    point.push(0x04);
    for coordinate in [affine_x, affine_y] {
        let plain = field.to_plain(&coordinate);
        for limb in plain[..len].iter().rev() {
            point.extend_from_slice(&limb.to_be_bytes());
        }
    }
    Some(point)
}

/// Arithmetic modulo the field prime `p` of `len` limbs.
struct Field {
    p: Limbs,
    len: usize,
    /// `-p⁻¹ mod 2³²`, for Montgomery reduction.
    p_inverse: u32,
    /// `R² mod p` with `R = 2^(32·len)`, to bring values into Montgomery form.
    r_squared: Limbs,
    /// `R mod p`: one in Montgomery form.
    one: Limbs,
}

impl Field {
    fn new(p: Limbs, len: usize) -> Self {
        // Newton's iteration doubles the correct low bits of the inverse each round,
        // from 1 bit (p is odd) to 32 bits in five rounds.
        let mut inverse: u32 = 1;
        for _ in 0..5 {
            inverse = inverse.wrapping_mul(2u32.wrapping_sub(p[0].wrapping_mul(inverse)));
        }
        let mut field = Field {
            p,
            len,
            p_inverse: inverse.wrapping_neg(),
            r_squared: [0; MAX_LIMBS],
            one: [0; MAX_LIMBS],
        };
        // 2^k mod p by doubling 1 k times: R mod p at k = 32·len, R² mod p at twice that.
        let mut value = [0; MAX_LIMBS];
        value[0] = 1;
        for step in 1..=64 * len {
            value = field.add(&value, &value);
            if step == 32 * len {
                field.one = value;
            }
        }
        field.r_squared = value;
        field
    }

    /// Converts `value` into Montgomery form.
    fn to_montgomery(&self, value: &Limbs) -> Limbs {
        self.mul(value, &self.r_squared)
    }

    /// Converts `value` out of Montgomery form.
    fn to_plain(&self, value: &Limbs) -> Limbs {
        let mut one = [0; MAX_LIMBS];
        one[0] = 1;
        self.mul(value, &one)
    }

    /// `a + b mod p`, for `a` and `b` below `p`.
    fn add(&self, a: &Limbs, b: &Limbs) -> Limbs {
        let mut sum = [0; MAX_LIMBS];
        let mut carry = 0u64;
        for i in 0..self.len {
            let s = u64::from(a[i]) + u64::from(b[i]) + carry;
            sum[i] = s as u32;
            carry = s >> 32;
        }
        if carry != 0 || !less_than(&sum, &self.p, self.len) {
            subtract_in_place(&mut sum, &self.p, self.len);
        }
        sum
    }

    /// `a - b mod p`, for `a` and `b` below `p`.
    fn sub(&self, a: &Limbs, b: &Limbs) -> Limbs {
        let mut difference = *a;
        if subtract_in_place(&mut difference, b, self.len) {
            // The subtraction wrapped below zero; adding p wraps back into range.
            let mut carry = 0u64;
            for (limb, p_limb) in difference[..self.len].iter_mut().zip(&self.p) {
                let s = u64::from(*limb) + u64::from(*p_limb) + carry;
                *limb = s as u32;
                carry = s >> 32;
            }
        }
        difference
    }

    /// Montgomery product `a·b·R⁻¹ mod p` (coarsely integrated operand scanning).
    fn mul(&self, a: &Limbs, b: &Limbs) -> Limbs {
        let len = self.len;
        let mut t = [0u32; MAX_LIMBS + 2];
        for &a_limb in &a[..len] {
            let mut carry = 0u64;
            for j in 0..len {
                let s = u64::from(t[j]) + u64::from(a_limb) * u64::from(b[j]) + carry;
                t[j] = s as u32;
                carry = s >> 32;
            }
            let s = u64::from(t[len]) + carry;
            t[len] = s as u32;
            t[len + 1] = (s >> 32) as u32;

            let m = t[0].wrapping_mul(self.p_inverse);
            let mut carry = (u64::from(t[0]) + u64::from(m) * u64::from(self.p[0])) >> 32;
            for j in 1..len {
                let s = u64::from(t[j]) + u64::from(m) * u64::from(self.p[j]) + carry;
                t[j - 1] = s as u32;
                carry = s >> 32;
            }
            let s = u64::from(t[len]) + carry;
            t[len - 1] = s as u32;
            t[len] = t[len + 1] + (s >> 32) as u32;
            t[len + 1] = 0;
        }
        let mut product = [0; MAX_LIMBS];
        product[..len].copy_from_slice(&t[..len]);
        if t[len] != 0 || !less_than(&product, &self.p, len) {
            subtract_in_place(&mut product, &self.p, len);
        }
        product
    }

    /// `value^(p-2) = value⁻¹` by Fermat's little theorem, in Montgomery form.
    fn invert(&self, value: &Limbs) -> Limbs {
        let mut exponent = self.p;
        let mut two = [0; MAX_LIMBS];
        two[0] = 2;
        subtract_in_place(&mut exponent, &two, self.len);
        let mut result = self.one;
        for bit in (0..32 * self.len).rev() {
            result = self.mul(&result, &result);
            if bit_at(&exponent, bit) {
                result = self.mul(&result, value);
            }
        }
        result
    }

    /// Doubles the Jacobian point `(x, y, z)` (the "dbl-2001-b" formulas for `a = -3`).
    fn double(&self, (x, y, z): (Limbs, Limbs, Limbs)) -> (Limbs, Limbs, Limbs) {
        let delta = self.mul(&z, &z);
        let gamma = self.mul(&y, &y);
        let beta = self.mul(&x, &gamma);
        let alpha = self.mul(&self.sub(&x, &delta), &self.add(&x, &delta));
        let alpha = self.add(&self.add(&alpha, &alpha), &alpha);
        let beta4 = self.add(&beta, &beta);
        let beta4 = self.add(&beta4, &beta4);
        let beta8 = self.add(&beta4, &beta4);
        let x3 = self.sub(&self.mul(&alpha, &alpha), &beta8);
        let y_plus_z = self.add(&y, &z);
        let z3 = self.sub(&self.sub(&self.mul(&y_plus_z, &y_plus_z), &gamma), &delta);
        let gamma_squared = self.mul(&gamma, &gamma);
        let gamma_squared2 = self.add(&gamma_squared, &gamma_squared);
        let gamma_squared4 = self.add(&gamma_squared2, &gamma_squared2);
        let gamma_squared8 = self.add(&gamma_squared4, &gamma_squared4);
        let y3 = self.sub(&self.mul(&alpha, &self.sub(&beta4, &x3)), &gamma_squared8);
        (x3, y3, z3)
    }

    /// Adds the affine point `(x2, y2)` to the Jacobian point `(x1, y1, z1)` (the
    /// "madd-2007-bl" formulas). Returns `None` when both have the same x coordinate,
    /// a case these formulas do not cover and a valid scalar never reaches.
    fn add_affine(
        &self,
        (x1, y1, z1): (Limbs, Limbs, Limbs),
        x2: &Limbs,
        y2: &Limbs,
    ) -> Option<(Limbs, Limbs, Limbs)> {
        let z1z1 = self.mul(&z1, &z1);
        let u2 = self.mul(x2, &z1z1);
        let s2 = self.mul(&self.mul(y2, &z1), &z1z1);
        let h = self.sub(&u2, &x1);
        if is_zero(&h, self.len) {
            return None;
        }
        let hh = self.mul(&h, &h);
        let i = self.add(&hh, &hh);
        let i = self.add(&i, &i);
        let j = self.mul(&h, &i);
        let r = self.sub(&s2, &y1);
        let r = self.add(&r, &r);
        let v = self.mul(&x1, &i);
        let x3 = self.sub(&self.sub(&self.mul(&r, &r), &j), &self.add(&v, &v));
        let y1j = self.mul(&y1, &j);
        let y3 = self.sub(&self.mul(&r, &self.sub(&v, &x3)), &self.add(&y1j, &y1j));
        let z1_plus_h = self.add(&z1, &h);
        let z3 = self.sub(&self.sub(&self.mul(&z1_plus_h, &z1_plus_h), &z1z1), &hh);
        Some((x3, y3, z3))
    }

    /// Computes `scalar·G` by doubling and adding from the most significant set bit.
    /// `scalar` must be at least 1.
    fn multiply_base(
        &self,
        scalar: &Limbs,
        gx: &Limbs,
        gy: &Limbs,
    ) -> Option<(Limbs, Limbs, Limbs)> {
        let top = (0..32 * self.len).rev().find(|&bit| bit_at(scalar, bit))?;
        let mut point = (*gx, *gy, self.one);
        for bit in (0..top).rev() {
            point = self.double(point);
            if bit_at(scalar, bit) {
                point = self.add_affine(point, gx, gy)?;
            }
        }
        Some(point)
    }
}

/// Reads big-endian 32-bit words into little-endian limbs.
fn limbs_from_words(words: &[u32]) -> Limbs {
    let mut limbs = [0; MAX_LIMBS];
    for (limb, word) in limbs.iter_mut().zip(words.iter().rev()) {
        *limb = *word;
    }
    limbs
}

/// Reads a big-endian integer into `len` little-endian limbs, or `None` when it is
/// empty or its value needs more than `4·len` bytes. Leading zero bytes, which some
/// encoders add to a scalar, are skipped.
fn limbs_from_be_bytes(bytes: &[u8], len: usize) -> Option<Limbs> {
    if bytes.is_empty() {
        return None;
    }
    let first_nonzero = bytes
        .iter()
        .position(|&byte| byte != 0)
        .unwrap_or(bytes.len());
    let bytes = &bytes[first_nonzero..];
    if bytes.len() > 4 * len {
        return None;
    }
    let mut limbs = [0; MAX_LIMBS];
    for (position, &byte) in bytes.iter().rev().enumerate() {
        limbs[position / 4] |= u32::from(byte) << (8 * (position % 4));
    }
    Some(limbs)
}

fn bit_at(value: &Limbs, bit: usize) -> bool {
    (value[bit / 32] >> (bit % 32)) & 1 == 1
}

fn is_zero(value: &Limbs, len: usize) -> bool {
    value[..len].iter().all(|&limb| limb == 0)
}

/// Returns whether `a < b`, comparing `len` limbs.
fn less_than(a: &Limbs, b: &Limbs, len: usize) -> bool {
    for i in (0..len).rev() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
    }
    false
}

/// `value -= subtrahend` over `len` limbs; returns whether it wrapped below zero.
fn subtract_in_place(value: &mut Limbs, subtrahend: &Limbs, len: usize) -> bool {
    let mut borrow = 0u64;
    for i in 0..len {
        let d = u64::from(value[i])
            .wrapping_sub(u64::from(subtrahend[i]))
            .wrapping_sub(borrow);
        value[i] = d as u32;
        borrow = (d >> 63) & 1;
    }
    borrow == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Uncompressed SEC1 encoding of `scalar·G` as the `p256` and `p384` crates compute it.
    fn reference(curve: &Curve, scalar: &[u8]) -> Vec<u8> {
        use p256::elliptic_curve::sec1::ToSec1Point;
        match curve {
            Curve::P256 => p256::SecretKey::from_slice(scalar)
                .unwrap()
                .public_key()
                .to_sec1_point(false)
                .as_bytes()
                .to_vec(),
            Curve::P384 => p384::SecretKey::from_slice(scalar)
                .unwrap()
                .public_key()
                .to_sec1_point(false)
                .as_bytes()
                .to_vec(),
            _ => unreachable!("only P-256 and P-384 are derived"),
        }
    }

    /// Scalars of `size` bytes that reach many bit patterns: small, large, alternating,
    /// and a spread of pseudo-random values from a fixed linear congruential sequence.
    fn scalars(size: usize, order: &[u32]) -> Vec<Vec<u8>> {
        let mut list = Vec::new();
        let mut one = vec![0u8; size];
        one[size - 1] = 1;
        list.push(one);
        let mut two = vec![0u8; size];
        two[size - 1] = 2;
        list.push(two);
        // n - 1, the largest valid scalar.
        let mut largest: Vec<u8> = order.iter().flat_map(|word| word.to_be_bytes()).collect();
        *largest.last_mut().unwrap() -= 1;
        list.push(largest);
        list.push(vec![0x55; size]);
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..40 {
            let scalar: Vec<u8> = (0..size)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    (state >> 56) as u8
                })
                .collect();
            // Keeps the scalar below n by clearing its top bit.
            let mut scalar = scalar;
            scalar[0] &= 0x7F;
            list.push(scalar);
        }
        list
    }

    #[test]
    fn points_match_the_curve_crates() {
        for (curve, size, order) in [(Curve::P256, 32, P256.n), (Curve::P384, 48, P384.n)] {
            for scalar in scalars(size, order) {
                assert_eq!(
                    derive_public_point(&curve, &scalar).as_deref(),
                    Some(reference(&curve, &scalar).as_slice()),
                    "{curve} scalar {scalar:02x?}"
                );
            }
        }
    }

    #[test]
    fn scalar_with_extra_leading_zero_is_read() {
        let mut scalar = vec![0u8; 32];
        scalar[31] = 7;
        let mut prefixed = vec![0u8];
        prefixed.extend_from_slice(&scalar);
        assert_eq!(
            derive_public_point(&Curve::P256, &prefixed),
            derive_public_point(&Curve::P256, &scalar)
        );
        assert!(derive_public_point(&Curve::P256, &prefixed).is_some());
    }

    #[test]
    fn short_scalar_is_read_with_leading_zeros() {
        let mut padded = vec![0u8; 32];
        padded[30] = 0x12;
        padded[31] = 0x34;
        assert_eq!(
            derive_public_point(&Curve::P256, &[0x12, 0x34]),
            derive_public_point(&Curve::P256, &padded)
        );
    }

    #[test]
    fn scalars_outside_the_group_order_give_nothing() {
        let order: Vec<u8> = P256.n.iter().flat_map(|word| word.to_be_bytes()).collect();
        assert_eq!(derive_public_point(&Curve::P256, &order), None);
        assert_eq!(derive_public_point(&Curve::P256, &[0u8; 32]), None);
        assert_eq!(derive_public_point(&Curve::P256, &[]), None);
        assert_eq!(derive_public_point(&Curve::P256, &[1u8; 33]), None);
        assert_eq!(derive_public_point(&Curve::P521, &[1u8; 66]), None);
    }
}
