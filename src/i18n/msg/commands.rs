//! Messages of the commands and the stages they drive: `build`, `letters`,
//! `report`, `render`, `init`/`new`, `diff`, the catalogue, fonts, templates,
//! and the files they write.

messages! {}
