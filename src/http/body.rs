//! Reading a body into memory, up to a limit (a large body in memory of its own: see
//! [`crate::largebuf`]).

use crate::largebuf::Buf;
use bytes::Bytes;
use http_body_util::BodyExt as _;
use hyper::body::Incoming;

/// Read a body up to `max` bytes. Over the limit, stop reading and report the size known so
/// far (the announced one when there is one) so the capture is marked truncated.
pub async fn read_capped(
    mut body: Incoming,
    announced: Option<u64>,
    max: u64,
) -> Result<(Bytes, u64), hyper::Error> {
    if let Some(n) = announced
        && n > max
    {
        return Ok((Bytes::new(), n));
    }
    let cap = usize::try_from(max).unwrap_or(usize::MAX);
    let mut buf = Buf::new(announced.map(|n| n as usize), cap);
    let mut seen: u64 = 0;
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            seen += data.len() as u64;
            if seen > max {
                let room = cap.saturating_sub(buf.len());
                buf.push(&data[..room.min(data.len())]);
                return Ok((buf.freeze(), announced.unwrap_or(seen).max(seen)));
            }
            buf.push(&data);
        }
    }
    Ok((buf.freeze(), seen))
}
