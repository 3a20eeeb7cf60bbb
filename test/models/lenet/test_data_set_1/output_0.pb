
J(™7>Vá=*YR=LŒ>OO.<rëÿ;½ïJ=”bc>qm>h<