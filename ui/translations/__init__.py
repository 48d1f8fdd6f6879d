"""The app's translations: jifen_zh_CN.ts/.qm (Chinese) and jifen_en.ts/.qm (English plural forms); see update.py."""
