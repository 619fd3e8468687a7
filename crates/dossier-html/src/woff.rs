//! WOFF 1.0 (W3C Recommendation, 2012): an sfnt font with each table
//! compressed by zlib on its own. Browsers read it as the TrueType file it
//! wraps, `cmap` included, so the page's text shapes in the font the PDF
//! embeds.

/// Why a font file could not be wrapped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WoffError {
    #[error("the font file is cut short: {0}")]
    Truncated(&'static str),
    #[error("the font file holds no table")]
    NoTables,
    #[error("table {index} lies outside the font file (offset {offset}, length {length}, file {size} bytes)")]
    TableOutside {
        index: usize,
        offset: u32,
        length: u32,
        size: usize,
    },
    #[error("the font is over 4 GiB once wrapped")]
    TooLarge,
}

fn u16_at(data: &[u8], at: usize, what: &'static str) -> Result<u16, WoffError> {
    data.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .ok_or(WoffError::Truncated(what))
}

fn u32_at(data: &[u8], at: usize, what: &'static str) -> Result<u32, WoffError> {
    data.get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or(WoffError::Truncated(what))
}

struct Table {
    tag: u32,
    checksum: u32,
    orig_length: u32,
    /// Compressed when that is smaller, else the table as it was.
    data: Vec<u8>,
}

fn pad4(n: usize) -> usize {
    n.div_ceil(4) * 4
}

/// `data` in the zlib format, at libdeflate's best level: the PDF writer's
/// compressor, given more time, as a font is compressed once per edition.
fn compress(data: &[u8]) -> Vec<u8> {
    let mut z = libdeflater::Compressor::new(libdeflater::CompressionLvl::best());
    let mut out = vec![0; z.zlib_compress_bound(data.len())];
    match z.zlib_compress(data, &mut out) {
        Ok(n) => {
            out.truncate(n);
            out
        }
        Err(_) => data.to_vec(),
    }
}

/// Wraps the TrueType or OpenType file `sfnt` as WOFF 1.0.
pub fn wrap(sfnt: &[u8]) -> Result<Vec<u8>, WoffError> {
    let flavor = u32_at(sfnt, 0, "sfnt version")?;
    let count = usize::from(u16_at(sfnt, 4, "table count")?);
    if count == 0 {
        return Err(WoffError::NoTables);
    }
    let mut tables = Vec::with_capacity(count);
    for i in 0..count {
        let rec = 12 + 16 * i;
        let tag = u32_at(sfnt, rec, "table directory")?;
        let checksum = u32_at(sfnt, rec + 4, "table directory")?;
        let offset = u32_at(sfnt, rec + 8, "table directory")?;
        let length = u32_at(sfnt, rec + 12, "table directory")?;
        let start = offset as usize;
        let body = start
            .checked_add(length as usize)
            .and_then(|end| sfnt.get(start..end))
            .ok_or(WoffError::TableOutside {
                index: i,
                offset,
                length,
                size: sfnt.len(),
            })?;
        let packed = compress(body);
        let data = if packed.len() < body.len() {
            packed
        } else {
            body.to_vec()
        };
        tables.push(Table {
            tag,
            checksum,
            orig_length: length,
            data,
        });
    }
    // The directory is sorted by tag.
    tables.sort_by_key(|t| t.tag);
    let header = 44;
    let directory = 20 * count;
    let mut total_sfnt = 12 + 16 * count;
    let mut length = header + directory;
    for t in &tables {
        total_sfnt += pad4(t.orig_length as usize);
        length += pad4(t.data.len());
    }
    let too_large = |n: usize| u32::try_from(n).map_err(|_| WoffError::TooLarge);
    let mut out = Vec::with_capacity(length);
    out.extend_from_slice(b"wOFF");
    out.extend_from_slice(&flavor.to_be_bytes());
    out.extend_from_slice(&too_large(length)?.to_be_bytes());
    out.extend_from_slice(&(count as u16).to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&too_large(total_sfnt)?.to_be_bytes());
    // Version 1.0 of the WOFF file; no metadata, no private block.
    out.extend_from_slice(&1u16.to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&[0; 20]);
    let mut offset = header + directory;
    for t in &tables {
        out.extend_from_slice(&t.tag.to_be_bytes());
        out.extend_from_slice(&too_large(offset)?.to_be_bytes());
        out.extend_from_slice(&too_large(t.data.len())?.to_be_bytes());
        out.extend_from_slice(&t.orig_length.to_be_bytes());
        out.extend_from_slice(&t.checksum.to_be_bytes());
        offset += pad4(t.data.len());
    }
    for t in &tables {
        out.extend_from_slice(&t.data);
        out.resize(pad4(out.len()), 0);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::ZlibDecoder;
    use std::io::Read;

    /// Reads the WOFF back into its tables: (tag, data).
    fn unwrap(woff: &[u8]) -> Vec<(u32, Vec<u8>)> {
        assert_eq!(&woff[..4], b"wOFF");
        assert_eq!(u32_at(woff, 8, "").unwrap() as usize, woff.len());
        let count = usize::from(u16_at(woff, 12, "").unwrap());
        (0..count)
            .map(|i| {
                let rec = 44 + 20 * i;
                let tag = u32_at(woff, rec, "").unwrap();
                let off = u32_at(woff, rec + 4, "").unwrap() as usize;
                let comp = u32_at(woff, rec + 8, "").unwrap() as usize;
                let orig = u32_at(woff, rec + 12, "").unwrap() as usize;
                assert_eq!(off % 4, 0);
                let body = &woff[off..off + comp];
                let data = if comp < orig {
                    let mut d = Vec::new();
                    ZlibDecoder::new(body).read_to_end(&mut d).unwrap();
                    d
                } else {
                    body.to_vec()
                };
                assert_eq!(data.len(), orig);
                (tag, data)
            })
            .collect()
    }

    #[test]
    fn every_table_comes_back_as_it_was() {
        let sfnt = dossier_canvas::Face::Regular.data();
        let woff = wrap(sfnt).unwrap();
        assert!(woff.len() < sfnt.len());
        let tables = unwrap(&woff);
        assert!(tables.windows(2).all(|w| w[0].0 < w[1].0), "sorted by tag");
        for (tag, data) in &tables {
            let count = usize::from(u16_at(sfnt, 4, "").unwrap());
            let rec = (0..count)
                .map(|i| 12 + 16 * i)
                .find(|r| u32_at(sfnt, *r, "").unwrap() == *tag)
                .unwrap();
            let off = u32_at(sfnt, rec + 8, "").unwrap() as usize;
            assert_eq!(&sfnt[off..off + data.len()], data.as_slice());
        }
        assert!(tables
            .iter()
            .any(|(t, _)| t == &u32::from_be_bytes(*b"cmap")));
        assert_eq!(woff, wrap(sfnt).unwrap(), "deterministic");
    }

    #[test]
    fn broken_fonts_are_errors() {
        assert_eq!(wrap(b"ab"), Err(WoffError::Truncated("sfnt version")));
        assert_eq!(wrap(&[0, 1, 0, 0, 0, 0]), Err(WoffError::NoTables));
        let mut bad = vec![0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
        bad.extend_from_slice(b"cmap");
        bad.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 1, 0]);
        assert!(matches!(
            wrap(&bad),
            Err(WoffError::TableOutside { index: 0, .. })
        ));
        assert!(matches!(wrap(&bad[..20]), Err(WoffError::Truncated(_))));
    }
}
