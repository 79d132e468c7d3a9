//! Stdlib stage: the growing output buffer of CPython's `pycore_blocks_output_buffer.h`, shared
//! by `_bz2` and `_lzma`. It hands out output space in the same block sizes as CPython (32 KiB,
//! 64 KiB, 256 KiB, 1 MiB, …, capped by `max_length`), so the points where a (de)compressor
//! finds its output space exhausted — which decide `needs_input` and where a `max_length`
//! read stops — are the same as in CPython.

const KB: usize = 1024;
const MB: usize = 1024 * 1024;
const BLOCK_SIZES: [usize; 17] = [
    32 * KB,
    64 * KB,
    256 * KB,
    MB,
    4 * MB,
    8 * MB,
    16 * MB,
    16 * MB,
    32 * MB,
    32 * MB,
    32 * MB,
    32 * MB,
    64 * MB,
    64 * MB,
    128 * MB,
    128 * MB,
    256 * MB,
];

/// Output collected so far plus the space allocated for it (`allocated - data.len()` bytes
/// are still free: the `avail_out` a library call may fill).
pub struct BlocksOutput {
    data: Vec<u8>,
    allocated: usize,
    blocks: usize,
    max_length: Option<usize>,
}

impl BlocksOutput {
    /// `OutputBuffer_InitAndGrow`: the first block is 32 KiB, or `max_length` if smaller
    /// (`max_length < 0` means unlimited).
    pub fn new(max_length: i64) -> BlocksOutput {
        let max_length = usize::try_from(max_length).ok();
        let first = match max_length {
            Some(m) if m < BLOCK_SIZES[0] => m,
            _ => BLOCK_SIZES[0],
        };
        let mut data = Vec::new();
        data.reserve_exact(first);
        BlocksOutput { data, allocated: first, blocks: 1, max_length }
    }

    /// `OutputBuffer_Grow`: one more block (only called when no space is left).
    pub fn grow(&mut self) {
        let mut size = BLOCK_SIZES[self.blocks.min(BLOCK_SIZES.len() - 1)];
        if let Some(m) = self.max_length {
            size = size.min(m.saturating_sub(self.allocated));
        }
        self.data.reserve(self.allocated + size - self.data.len());
        self.allocated += size;
        self.blocks += 1;
    }

    /// How many bytes of output space are left.
    pub fn avail(&self) -> usize {
        self.allocated - self.data.len()
    }

    /// Where the next output byte goes (valid for `avail()` bytes).
    pub fn next_out(&mut self) -> *mut u8 {
        let len = self.data.len();
        self.data.as_mut_ptr().wrapping_add(len)
    }

    /// Records that the library wrote `n` bytes at `next_out()`.
    ///
    /// # Safety
    /// Exactly `n <= avail()` bytes after the current end must have been initialised.
    pub unsafe fn advance(&mut self, n: usize) {
        debug_assert!(n <= self.avail());
        let len = self.data.len();
        // SAFETY: the caller guarantees those bytes were written; capacity covers `allocated`.
        unsafe { self.data.set_len(len + n) };
    }

    /// `OutputBuffer_GetDataSize`: bytes produced so far.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Whether the produced size equals `max_length` (never true when unlimited).
    pub fn at_max(&self) -> bool {
        self.max_length == Some(self.data.len())
    }

    pub fn finish(self) -> Vec<u8> {
        self.data
    }
}
