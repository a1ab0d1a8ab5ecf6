
4%20261127-101500-a1b2-classify-scratch ( ™ä¡4R™
N
€€š™™™™™¹?ÍÌÌÌÌÌì? @(0*9š™™™™™É?Bfloat32J P Xbbundled glove.6B.100dƒ
quickdraw-5@9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08€  (è2rabbit2yoga2hand2snowman2	motorbike8

gradstream0.1.0-SNAPSHOT
java17.0.13
backendscratch